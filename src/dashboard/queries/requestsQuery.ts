import type { BucketView } from '../../store/BucketView.js';
import type { RequestStore } from '../../store/RequestStore.js';
import { ALL_SOURCES, matchesSource, type SourceFilter } from '../../store/SourceFilter.js';
import { countsOf } from './filteredTotals.js';
import { byStatusAscending, isoTime, minuteKey, round2, sortedByDescending } from './numbers.js';
import { groupBySteps } from './timeSteps.js';

/** Most points in `by_minute`, as in the original design. */
export const MAX_BY_MINUTE_POINTS = 60;

/** One step of the requests timeseries: `errors` counts status >= 400, `server_errors` status >= 500. */
export interface RequestsPoint {
  timestamp: string;
  count: number;
  errors: number;
  server_errors: number;
}

/** The `/dashboard/requests` answer. */
export interface RequestsReport {
  period: string;
  since: string;
  total: number;
  by_endpoint: Record<string, number>;
  by_status: Record<string, number>;
  by_method: Record<string, number>;
  /** Each endpoint's methods, busiest first (added in issue 27: the page's method column). */
  methods_by_endpoint: Record<string, string[]>;
  by_minute: { timestamp: string; count: number }[];
  timeseries: {
    step_seconds: number;
    points: RequestsPoint[];
  };
  /** Start of the first bucket in the window with a request of this filter; null without any. */
  first_request_at: string | null;
  /** Seconds from `first_request_at` to now: the time the figures actually cover (0 without data). */
  covered_seconds: number;
  /** total over the time covered, per minute (not over the whole period); null without requests. */
  requests_per_minute: number | null;
}

/**
 * Traffic over the window: totals, breakdowns, and counts per minute and per
 * step, of the sources `filter` passes (all by default: the union).
 */
export function requestsQuery(
  store: RequestStore,
  period: string,
  periodMs: number,
  filter: SourceFilter = ALL_SOURCES,
): RequestsReport {
  const view = store.window(periodMs);
  const byEndpoint = new Map<string, number>();
  const byStatus = new Map<number, number>();
  const byMethod = new Map<string, number>();
  const methodsOf = new Map<string, Map<string, number>>();
  let total = 0;
  for (const bucket of view.cover()) {
    total += countsOf(bucket, filter).count;
    for (let row = 0; row < bucket.series.length; row++) {
      const series = bucket.series[row];
      if (series === undefined || !matchesSource(filter, series.source)) continue;
      const n = bucket.counts[row] ?? 0;
      byEndpoint.set(series.endpoint, (byEndpoint.get(series.endpoint) ?? 0) + n);
      byStatus.set(series.statusCode, (byStatus.get(series.statusCode) ?? 0) + n);
      byMethod.set(series.method, (byMethod.get(series.method) ?? 0) + n);
      let methods = methodsOf.get(series.endpoint);
      if (methods === undefined) {
        methods = new Map();
        methodsOf.set(series.endpoint, methods);
      }
      methods.set(series.method, (methods.get(series.method) ?? 0) + n);
    }
  }
  // The newest non-empty minutes, newest first while collecting, then reversed.
  const byMinute: { timestamp: string; count: number }[] = [];
  for (let i = view.buckets.length - 1; i >= 0 && byMinute.length < MAX_BY_MINUTE_POINTS; i--) {
    const bucket = view.buckets[i];
    if (bucket === undefined || bucket.widthMs !== view.bucketMs) break;
    const count = countsOf(bucket, filter).count;
    // A minute of other sources only is not one of this filter's minutes.
    if (count > 0) byMinute.push({ timestamp: minuteKey(bucket.start), count });
  }
  byMinute.reverse();
  const covered = coveredSince(view.buckets, filter, view.nowMs);
  const { stepMs, groups } = groupBySteps(view);
  const points = groups.map((group): RequestsPoint => {
    let count = 0;
    let errors = 0;
    let serverErrors = 0;
    for (const bucket of group.buckets) {
      const counts = countsOf(bucket, filter);
      count += counts.count;
      errors += counts.errors;
      serverErrors += counts.serverErrors;
    }
    return { timestamp: isoTime(group.start), count, errors, server_errors: serverErrors };
  });
  return {
    period,
    since: isoTime(view.sinceMs),
    total,
    by_endpoint: sortedByDescending(byEndpoint, (n) => n),
    by_status: byStatusAscending(byStatus),
    by_method: Object.fromEntries(byMethod),
    methods_by_endpoint: methodsByEndpoint(methodsOf),
    by_minute: byMinute,
    timeseries: { step_seconds: stepMs / 1000, points },
    first_request_at: covered === undefined ? null : isoTime(covered),
    covered_seconds: covered === undefined ? 0 : Math.round((view.nowMs - covered) / 1000),
    requests_per_minute:
      covered === undefined || total === 0
        ? null
        : round2(total / Math.max(1, (view.nowMs - covered) / 60_000)),
  };
}

/**
 * The start of the oldest bucket of `buckets` (a window's finest, oldest
 * first) with a request `filter` passes: the rate of a 24 h period on ten
 * minutes of data is over those ten minutes, not the day.
 */
function coveredSince(
  buckets: readonly BucketView[],
  filter: SourceFilter,
  nowMs: number,
): number | undefined {
  for (const bucket of buckets) {
    if (countsOf(bucket, filter).count > 0) return Math.min(bucket.start, nowMs);
  }
  return undefined;
}

/** Each endpoint's methods with requests, busiest first, ties by name. */
function methodsByEndpoint(
  methodsOf: ReadonlyMap<string, ReadonlyMap<string, number>>,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [endpoint, methods] of methodsOf) {
    const listed = [...methods]
      .filter(([, n]) => n > 0)
      .sort(([ma, a], [mb, b]) => b - a || (ma < mb ? -1 : ma > mb ? 1 : 0))
      .map(([method]) => method);
    if (listed.length > 0) out[endpoint] = listed;
  }
  return out;
}
