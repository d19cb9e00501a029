import type { EndpointKey } from '../../store/EndpointKey.js';
import type { RequestStore } from '../../store/RequestStore.js';
import { ALL_SOURCES, matchesSource, type SourceFilter } from '../../store/SourceFilter.js';
import { endpointRows } from './endpointRows.js';
import type { NearExemplarJson } from './exemplarJson.js';
import { mergeLatencyInto } from './filteredTotals.js';
import { emptySketch, type LatencySummary, quantile, summarize } from './LatencySummary.js';
import { NearestPicks } from './NearestPicks.js';
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
  /** For p95 and p99, overall and per endpoint: the held request closest to it (null when none is held). */
  exemplars: {
    overall: PercentileExemplars;
    by_endpoint: Record<string, PercentileExemplars>;
  };
}

/** The exemplars near an endpoint's (or the whole window's) p95 and p99. */
export interface PercentileExemplars {
  p95: NearExemplarJson | null;
  p99: NearExemplarJson | null;
}

function near(picks: NearestPicks): PercentileExemplars {
  return { p95: picks.json(0), p99: picks.json(1) };
}

/**
 * Latency over the window, of the sources `filter` passes (all by default):
 * merged sketches per endpoint and overall, and per step. An endpoint's
 * rows of every passing source merge into one sketch, so the union is
 * exactly what one sketch per endpoint would hold.
 */
export function latencyQuery(
  store: RequestStore,
  period: string,
  periodMs: number,
  filter: SourceFilter = ALL_SOURCES,
): LatencyReport {
  const view = store.window(periodMs);
  const rowsOf = endpointRows(view.cover(), filter);
  const overall = emptySketch();
  const merged = emptySketch();
  const byEndpoint: [string, LatencySummary][] = [];
  const picksOf = new Map<string, NearestPicks>();
  for (const [endpoint, rows] of rowsOf) {
    merged.clear();
    for (const [bucket, row] of rows) bucket.mergeEndpointInto(row, merged);
    byEndpoint.push([endpoint, summarize(merged)]);
    picksOf.set(endpoint, new NearestPicks([quantile(merged, 0.95), quantile(merged, 0.99)]));
    overall.merge(merged);
  }
  // The percentiles first, then one scan over the held exemplars: only the picks are built.
  const overallPicks = new NearestPicks([quantile(overall, 0.95), quantile(overall, 0.99)]);
  let lastKey: EndpointKey | undefined;
  let lastPicks: NearestPicks | undefined;
  store.scanExemplarsSince(
    view.sinceMs,
    (key) => matchesSource(filter, key.source),
    (key, durationMs, _ts, take, index) => {
      if (key !== lastKey) {
        lastKey = key;
        lastPicks = picksOf.get(key.endpoint);
      }
      lastPicks?.offer(durationMs, take, index);
      overallPicks.offer(durationMs, take, index);
    },
  );
  const exemplarsByEndpoint: Record<string, PercentileExemplars> = {};
  for (const [endpoint, picks] of picksOf) exemplarsByEndpoint[endpoint] = near(picks);
  const { stepMs, groups } = groupBySteps(view);
  const points = groups.map((group): LatencyPoint => {
    merged.clear();
    for (const bucket of group.buckets) mergeLatencyInto(bucket, filter, merged);
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
    exemplars: {
      overall: near(overallPicks),
      by_endpoint: exemplarsByEndpoint,
    },
  };
}
