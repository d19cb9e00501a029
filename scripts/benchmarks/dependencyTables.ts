import type { BenchResults } from './BenchResults.js';
import { grouped, megabytes, minuteUtc } from './formatFigures.js';
import { markdownTable } from './markdownTable.js';

/** The command that measures the dependency figures alone. */
export const DEPENDENCY_BENCH_COMMAND = 'npm run build && node dist/bench/dependencies/run.js';

/** µs with two decimals, from nanoseconds. */
const micros = (ns: number) => `${(ns / 1e3).toFixed(2)} µs`;

/**
 * What client spans cost and the store's memory with dependencies (issue
 * 23), from the `dependencies` key; a line saying how to measure them when
 * the results have none yet.
 */
export function dependencySection(results: BenchResults): string {
  if (results.find('dependencies') === undefined)
    return `Not measured yet: \`${DEPENDENCY_BENCH_COMMAND}\` adds these figures to \`bench/results.json\`.`;
  const at = (...keys: string[]) => results.num('dependencies', ...keys);
  const cost = (name: string) => at('details', 'cost', name);
  const hours = at('hours');
  const run =
    results.find('dependencies', 'run') === undefined
      ? ''
      : ` (recorded ${minuteUtc(results.str('dependencies', 'run', 'date'))}, load average ${results.num('dependencies', 'run', 'load_average_at_start', 0)} at the start)`;
  return `${markdownTable(
    ['What', 'Measured'],
    [
      [
        `A CLIENT span the SDK makes and ends (PostgreSQL attributes, a no-op processor), per call`,
        micros(at('sdk_ns_per_call')),
      ],
      [
        `golden-signals' rollup of it (processor → \`spanToCall\` → store, joined to its request), per call`,
        micros(at('rollup_ns_per_call')),
      ],
      ['The rollup alone, calls per second on one core', grouped(cost('rollup_calls_per_s'))],
      [
        `Store, ${hours} h × 1,000 req/s × 500 routes, no calls: memory`,
        megabytes(at('memory_bytes_500routes_no_calls')),
      ],
      [
        `The same with 50 dependencies, one call per request (${grouped(at('details', 'with_calls', 'dependency_rows'))} dependency rows): memory`,
        `${megabytes(at('memory_bytes_500routes_50deps'))} (+${megabytes(at('memory_growth_bytes'))})`,
      ],
      [
        '`/dashboard/dependencies?period=24h` over it, median',
        `${at('query_ms_dependencies_500routes_50deps').toFixed(1)} ms`,
      ],
    ],
  )}

Measured by \`${DEPENDENCY_BENCH_COMMAND}\`${run}. Each request makes ${cost('calls_per_request')} calls;
the rollup's cost is the time to replay the same finished spans with their
CLIENT spans minus without them, over the calls.`;
}
