/** The printed table of the engine rows (engineQueryBench.ts), Markdown like the others of `npm run bench`. */
import {
  ENGINE_PERIODS,
  ENGINE_QUERIES,
  ENGINE_QUERY_GOAL_MS,
  type EngineBenchResult,
} from './engineQueryBench.js';

/** One row per engine, period and query: median (min – max) ms and whether it meets the goal. */
export function engineTable(result: EngineBenchResult): string {
  const o = result.options;
  const lines = [
    '',
    `| \`serve --prometheus\`, ${o.routes} routes × ${o.instances} instances (${o.series.toLocaleString('en-US')} series, ${o.samples.toLocaleString('en-US')} samples) | period | query | ms: median (min – max) of ${o.runs}, asking the engine | ≤ ${ENGINE_QUERY_GOAL_MS} ms | ms again at once (the backend's 5 s fill) |`,
    '|---|---|---|---|---|---|',
  ];
  for (const engine of [result.prometheus, result.victoria_metrics]) {
    for (const period of ENGINE_PERIODS) {
      for (const query of ENGINE_QUERIES) {
        const q = engine.queries[period][query];
        const met = q.status === 200 && q.median_ms <= ENGINE_QUERY_GOAL_MS;
        lines.push(
          `| ${engine.engine} | ${period} | ${query}${q.status === 200 ? '' : ` (HTTP ${q.status})`} | ${q.median_ms} (${q.min_ms} – ${q.max_ms}) | ${met ? 'yes' : 'NO'} | ${q.cached_median_ms} |`,
        );
      }
    }
  }
  return lines.join('\n');
}
