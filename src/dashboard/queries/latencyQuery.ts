import { NearestSearch, NO_GROUP, SKIP_ROW } from '../../store/exemplars/NearestSearch.js';
import type { RequestStore } from '../../store/RequestStore.js';
import {
  ALL_SOURCES,
  isUnfiltered,
  matchesSource,
  type SourceFilter,
} from '../../store/SourceFilter.js';
import type { EndpointTimeReport } from './dependenciesQuery.js';
import { endpointRows } from './endpointRows.js';
import { type NearExemplarJson, nearJson } from './exemplarJson.js';
import { mergeLatencyInto } from './filteredTotals.js';
import {
  emptySketch,
  type LatencySummary,
  SUMMARY_QUANTILES,
  summarize,
} from './LatencySummary.js';
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
  /** With `endpoint=`: where that endpoint's time goes, per dependency (see `/dashboard/dependencies`). */
  dependencies?: EndpointTimeReport[];
}

/** The exemplars near an endpoint's (or the whole window's) p95 and p99. */
export interface PercentileExemplars {
  p95: NearExemplarJson | null;
  p99: NearExemplarJson | null;
}

/** Where p95 and p99, the two targets of each group of the exemplar search, are in {@link SUMMARY_QUANTILES}. */
const P95 = SUMMARY_QUANTILES.indexOf(0.95);
const P99 = SUMMARY_QUANTILES.indexOf(0.99);

/** The exemplars `search` found for group `g`, as the JSON API shows them. */
function near(search: NearestSearch, g: number): PercentileExemplars {
  return { p95: pickJson(search, 2 * g), p99: pickJson(search, 2 * g + 1) };
}

function pickJson(search: NearestSearch, slot: number): NearExemplarJson | null {
  const e = search.found[slot];
  if (e === undefined) return null;
  return nearJson(e, search.targets[slot] as number, search.distances[slot] as number);
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
  const q = new Float64Array(SUMMARY_QUANTILES.length);
  // Group g < n is endpoint g (in rowsOf's order); group n, shared, is the whole window.
  const groupOfEndpoint = new Map<string, number>();
  const n = rowsOf.size;
  const all = isUnfiltered(filter);
  const search = new NearestSearch(n + 1, n, (key) => {
    if (!all && !matchesSource(filter, key.source)) return SKIP_ROW;
    return groupOfEndpoint.get(key.endpoint) ?? NO_GROUP;
  });
  for (const [endpoint, rows] of rowsOf) {
    merged.clear();
    for (const [bucket, row] of rows) bucket.mergeEndpointInto(row, merged);
    byEndpoint.push([endpoint, summarize(merged, q)]);
    const g = groupOfEndpoint.size;
    groupOfEndpoint.set(endpoint, g);
    search.targets[2 * g] = q[P95] as number;
    search.targets[2 * g + 1] = q[P99] as number;
    overall.merge(merged);
  }
  const overallSummary = summarize(overall, q);
  // The percentiles first, then one pass over the held exemplars: only the picks are built.
  search.targets[2 * n] = q[P95] as number;
  search.targets[2 * n + 1] = q[P99] as number;
  store.nearestExemplarsSince(view.sinceMs, search);
  const exemplarsByEndpoint: Record<string, PercentileExemplars> = {};
  for (const [endpoint, g] of groupOfEndpoint) exemplarsByEndpoint[endpoint] = near(search, g);
  const { stepMs, groups } = groupBySteps(view);
  const points = groups.map((group): LatencyPoint => {
    merged.clear();
    for (const bucket of group.buckets) mergeLatencyInto(bucket, filter, merged);
    const empty = merged.count === 0;
    merged.quantilesInto(SUMMARY_QUANTILES, q);
    return {
      timestamp: isoTime(group.start),
      count: merged.count,
      p50_ms: empty ? null : round2(q[0] as number),
      p95_ms: empty ? null : round2(q[P95] as number),
      p99_ms: empty ? null : round2(q[P99] as number),
    };
  });
  return {
    period,
    since: isoTime(view.sinceMs),
    total_requests: overall.count,
    overall: overallSummary,
    by_endpoint: sortedByDescending(byEndpoint, (s) => s.avg_ms),
    timeseries: { step_seconds: stepMs / 1000, points },
    exemplars: {
      overall: near(search, n),
      by_endpoint: exemplarsByEndpoint,
    },
  };
}
