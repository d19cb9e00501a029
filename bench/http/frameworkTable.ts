/**
 * The printed table of the per-framework rows (frameworkBench.ts), one
 * Markdown table per framework.
 */
import type { FrameworkBenchOptions, FrameworkResult } from './frameworkBench.js';
import { roundsPhrase, rowsTable } from './rowsTable.js';
import type { RowResult } from './summarizeRows.js';

/** The tables of every framework's rows, CPU over plain first. */
export function frameworkTable(
  results: Readonly<Record<string, FrameworkResult>>,
  options: FrameworkBenchOptions,
): string {
  return Object.values(results)
    .map((framework) =>
      rowsTable(
        `${framework.label}: \`GET /items/:id\`, ${options.processes} processes per row, ${roundsPhrase(options)}, ${options.connections} connections`,
        Object.values(framework.variants).filter((v): v is RowResult => v !== undefined),
      ),
    )
    .map((t) => `\n${t}`)
    .join('\n');
}
