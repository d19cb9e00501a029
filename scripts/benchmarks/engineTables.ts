import type { BenchResults } from './BenchResults.js';
import { grouped, spread } from './formatFigures.js';
import { markdownTable } from './markdownTable.js';

const ENGINES = [
  ['prometheus', 'Prometheus 2.42'],
  ['victoria_metrics', 'VictoriaMetrics 1.79'],
] as const;
const PERIODS = ['24h', '7d'] as const;
const QUERIES = ['requests', 'latency', 'errors', 'overview'] as const;
/** The goal of each query through `serve --prometheus` (issue 21). */
const GOAL_MS = 500;

/**
 * The section on `serve --prometheus`'s query times
 * (`bench/promql/engineQueryBench.ts`): what was loaded, then a table per
 * engine, period and query; a line saying how to measure them while
 * bench/results.json has no `promql` key yet.
 */
export function engineSection(results: BenchResults): string {
  if (results.find('promql') === undefined) {
    return 'Not measured in the recorded run yet: `npm run build && node dist/bench/promql/run.js` adds them (it needs `golden-signals serve --prometheus`, Prometheus and VictoriaMetrics).';
  }
  const o = (key: string) => results.num('promql', 'options', key);
  const head =
    `${grouped(o('routes'))} routes × ${grouped(o('instances'))} instances over ${grouped(o('days'))} days: ` +
    `${grouped(o('series'))} classic-histogram series, ${grouped(o('samples'))} samples ` +
    `(one every ${grouped(o('latestStepSeconds'))} s over the last ${grouped(o('latestHours'))} hours ` +
    'and where the 24-hour window starts, ' +
    `every ${grouped(o('recentStepSeconds') / 60)} min over the rest of the day, every ` +
    `${grouped(o('olderStepSeconds') / 60)} min before, each sparse sample a minute before its step's mark ` +
    'so a value read there finds it as a scrape would give it; the data runs ' +
    `${grouped(o('aheadMinutes'))} min past the run's start, so each query finds every instance's last scrape), loaded in ` +
    `${results.num('promql', 'prometheus', 'load_seconds')} s (Prometheus) and ` +
    `${results.num('promql', 'victoria_metrics', 'load_seconds')} s (VictoriaMetrics); ` +
    `${grouped(o('runs'))} timed runs of each query after ${grouped(o('warmups'))} warm-up, each once ` +
    "the backend's 5 s fill of the window has expired, so it asks the engine; then the same query " +
    'again at once, answered from that fill, as the other routes of one page refresh are.';
  const rows: string[][] = [];
  for (const [key, name] of ENGINES) {
    for (const period of PERIODS) {
      for (const query of QUERIES) {
        const at = (field: string) => results.num('promql', key, 'queries', period, query, field);
        const ok = at('status') === 200;
        rows.push([
          name,
          period,
          `\`/dashboard/${query}\`${ok ? '' : ` (HTTP ${at('status')})`}`,
          spread(at('median_ms'), at('min_ms'), at('max_ms')),
          ok && at('median_ms') <= GOAL_MS ? 'yes' : '**no**',
          at('cached_median_ms').toFixed(1),
        ]);
      }
    }
  }
  return `${head}\n\n${markdownTable(
    [
      'Engine',
      'Period',
      'Query',
      'ms, asking the engine: median (lowest – highest)',
      `≤ ${GOAL_MS} ms`,
      'ms again at once (the 5 s fill)',
    ],
    rows,
    ['left', 'left', 'left', 'right', 'left', 'right'],
  )}`;
}
