/** One sample line of a text exposition. */
export interface TextSample {
  /** The sample's name (`x_bucket`, `x_sum`, `x_count` for a histogram `x`). */
  readonly name: string;
  /** Its labels, values unescaped, in the order written. */
  readonly labels: [string, string][];
  readonly value: number;
}

/** One metric family of a text exposition: its `# HELP`, `# TYPE` and samples. */
export interface TextFamily {
  readonly name: string;
  help: string;
  unit: string;
  type: string;
  readonly samples: TextSample[];
}

const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/y;

/** `\\`, `\"` and `\n` back to what they stand for. */
function unescaped(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** `+Inf`, `-Inf`, `NaN` or a decimal, as the exposition writes them. */
function parseValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

function parseSample(line: string): TextSample | undefined {
  const brace = line.indexOf('{');
  const space = line.indexOf(' ');
  if (brace === -1 || (space !== -1 && space < brace)) {
    const [name = '', value = ''] = line.split(' ');
    return { name, labels: [], value: parseValue(value) };
  }
  const labels: [string, string][] = [];
  let at = brace + 1;
  while (line[at] !== '}' && at < line.length) {
    LABEL.lastIndex = at;
    const match = LABEL.exec(line);
    if (match === null) return undefined;
    labels.push([match[1] as string, unescaped(match[2] as string)]);
    at = LABEL.lastIndex;
    if (line[at] === ',') at++;
  }
  const value =
    line
      .slice(at + 1)
      .trim()
      .split(' ')[0] ?? '';
  return { name: line.slice(0, brace), labels, value: parseValue(value) };
}

/**
 * The families of a text exposition as @opentelemetry/exporter-prometheus
 * writes it (HELP, optional UNIT, TYPE, then the family's samples), so the
 * protobuf answer carries exactly the names, labels and values of the text
 * one. Blocks of one name (the same metric in two scopes) make one family.
 */
export function prometheusTextFamilies(text: string): TextFamily[] {
  const families = new Map<string, TextFamily>();
  let current: TextFamily | undefined;
  const family = (name: string): TextFamily => {
    let f = families.get(name);
    if (f === undefined) {
      f = { name, help: '', unit: '', type: 'untyped', samples: [] };
      families.set(name, f);
    }
    return f;
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('# ')) {
      const [, keyword, name = '', ...rest] = line.split(' ');
      if (keyword !== 'HELP' && keyword !== 'TYPE' && keyword !== 'UNIT') continue;
      current = family(name);
      const value = rest.join(' ');
      if (keyword === 'HELP') current.help = unescaped(value);
      else if (keyword === 'UNIT') current.unit = value;
      else current.type = value;
      continue;
    }
    if (line.trim() === '' || line.startsWith('#')) continue;
    const sample = parseSample(line);
    if (sample === undefined) continue;
    (current ?? family(sample.name)).samples.push(sample);
  }
  return [...families.values()];
}
