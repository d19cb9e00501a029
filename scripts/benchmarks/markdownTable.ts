/** Column alignment: `left` is Markdown's default (no colon). */
export type Alignment = 'left' | 'right';

// Biome counts a cell's width in code points; so do we, so that the
// generated tables are what `biome format` would leave them.
function width(text: string): number {
  return [...text].length;
}

function pad(text: string, size: number, alignment: Alignment): string {
  const fill = ' '.repeat(size - width(text));
  return alignment === 'right' ? fill + text : text + fill;
}

function rule(size: number, alignment: Alignment): string {
  return alignment === 'right' ? `${'-'.repeat(size - 1)}:` : '-'.repeat(size);
}

/**
 * A Markdown table with every column padded to its widest cell (at least 3),
 * the form Biome's Markdown formatter writes.
 * @throws RangeError when a row has another number of cells than the header.
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  alignments: readonly Alignment[] = [],
): string {
  for (const row of rows) {
    if (row.length !== header.length) {
      throw new RangeError(
        `a row has ${row.length} cells, the header ${header.length}: ${row.join(' | ')}`,
      );
    }
  }
  const sizes = header.map((cell, i) =>
    Math.max(3, width(cell), ...rows.map((row) => width(row[i] ?? ''))),
  );
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, i) => pad(cell, sizes[i] ?? 3, alignments[i] ?? 'left')).join(' | ')} |`;
  const separator = `| ${sizes.map((size, i) => rule(size, alignments[i] ?? 'left')).join(' | ')} |`;
  return [line(header), separator, ...rows.map(line)].join('\n');
}
