import type { DDSketch } from '@datadog/sketches-js';
import { mergeSketch } from '../../store/mergeSketch.js';
import type { RequestStore } from '../../store/RequestStore.js';
import { emptySketch, type LatencySummary, quantile, summarize } from './LatencySummary.js';
import { isoTime, round2, sortedByDescending } from './numbers.js';
import { groupBySteps } from './timeSteps.js';

/** One step of the latency timeseries; percentiles are null where the step has no requests. */
export interface LatencyPoint {
  timestamp: string;
  count: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
}

/** The `/dashboard/latency` answer. */
export interface LatencyReport {
  period: string;
  since: string;
  total_requests: number;
  overall: LatencySummary;
  by_endpoint: Record<string, LatencySummary>;
  timeseries: { step_seconds: number; points: LatencyPoint[] };
}

/** Latency over the window: merged sketches overall, per endpoint, and per step. */
export function latencyQuery(store: RequestStore, period: string, periodMs: number): LatencyReport {
  const view = store.window(periodMs);
  const overall = emptySketch();
  const perEndpoint = new Map<string, DDSketch>();
  for (const bucket of view.buckets) {
    for (const [series, sketch] of bucket.rollups) {
      mergeSketch(overall, sketch);
      let target = perEndpoint.get(series.endpoint);
      if (target === undefined) {
        target = emptySketch();
        perEndpoint.set(series.endpoint, target);
      }
      mergeSketch(target, sketch);
    }
  }
  const byEndpoint = [...perEndpoint].map(
    ([endpoint, sketch]) => [endpoint, summarize(sketch)] as [string, LatencySummary],
  );
  const { stepMs, groups } = groupBySteps(view, store.bucketMs);
  const points = groups.map((group): LatencyPoint => {
    const merged = emptySketch();
    for (const bucket of group.buckets) {
      for (const sketch of bucket.rollups.values()) mergeSketch(merged, sketch);
    }
    const empty = merged.count === 0;
    return {
      timestamp: isoTime(group.start),
      count: merged.count,
      p50_ms: empty ? null : round2(quantile(merged, 0.5)),
      p95_ms: empty ? null : round2(quantile(merged, 0.95)),
      p99_ms: empty ? null : round2(quantile(merged, 0.99)),
    };
  });
  return {
    period,
    since: isoTime(view.sinceMs),
    total_requests: overall.count,
    overall: summarize(overall),
    by_endpoint: sortedByDescending(byEndpoint, (s) => s.avg_ms),
    timeseries: { step_seconds: stepMs / 1000, points },
  };
}
