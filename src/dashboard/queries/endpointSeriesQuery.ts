import type { RequestStore } from '../../store/RequestStore.js';
import { ALL_SOURCES, matchesSource, type SourceFilter } from '../../store/SourceFilter.js';
import { emptySketch, SUMMARY_QUANTILES } from './LatencySummary.js';
import { isoTime, round2 } from './numbers.js';
import { groupBySteps } from './timeSteps.js';

/** One step of one endpoint: its requests, errors (>= 400), server errors (>= 500) and percentiles (null without requests). */
export interface EndpointSeriesPoint {
  timestamp: string;
  count: number;
  errors: number;
  server_errors: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
}

/** The `/dashboard/endpoint` answer: one endpoint's traffic, errors and latency per step. */
export interface EndpointSeriesReport {
  period: string;
  since: string;
  endpoint: string;
  total: number;
  timeseries: { step_seconds: number; points: EndpointSeriesPoint[] };
}

/**
 * One endpoint's own time series over the window, of the sources `filter`
 * passes, in the same steps as `/requests` and `/latency`: exact counts
 * from its series rows, percentiles from its merged latency rows.
 */
export function endpointSeriesQuery(
  store: RequestStore,
  period: string,
  periodMs: number,
  endpoint: string,
  filter: SourceFilter = ALL_SOURCES,
): EndpointSeriesReport {
  const view = store.window(periodMs);
  const { stepMs, groups } = groupBySteps(view);
  const sketch = emptySketch();
  const q = new Float64Array(SUMMARY_QUANTILES.length);
  let total = 0;
  const points = groups.map((group): EndpointSeriesPoint => {
    let count = 0;
    let errors = 0;
    let serverErrors = 0;
    sketch.clear();
    for (const bucket of group.buckets) {
      for (let row = 0; row < bucket.series.length; row++) {
        const series = bucket.series[row];
        if (series?.endpoint !== endpoint || !matchesSource(filter, series.source)) continue;
        const n = bucket.counts[row] ?? 0;
        count += n;
        if (series.statusCode >= 400) errors += n;
        if (series.statusCode >= 500) serverErrors += n;
      }
      bucket.endpoints.forEach((key, row) => {
        if (key.endpoint === endpoint && matchesSource(filter, key.source)) {
          bucket.mergeEndpointInto(row, sketch);
        }
      });
    }
    total += count;
    const empty = sketch.count === 0;
    if (!empty) sketch.quantilesInto(SUMMARY_QUANTILES, q);
    const at = (i: number) => (empty ? null : round2(q[i] as number));
    return {
      timestamp: isoTime(group.start),
      count,
      errors,
      server_errors: serverErrors,
      p50_ms: at(0),
      p95_ms: at(1),
      p99_ms: at(2),
    };
  });
  return {
    period,
    since: isoTime(view.sinceMs),
    endpoint,
    total,
    timeseries: { step_seconds: stepMs / 1000, points },
  };
}
