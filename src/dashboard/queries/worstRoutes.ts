import type { BucketView } from '../../store/BucketView.js';
import { matchesSource, type SourceFilter } from '../../store/SourceFilter.js';
import { endpointRows } from './endpointRows.js';
import { emptySketch, quantile } from './LatencySummary.js';
import { rate, round2 } from './numbers.js';

/** How many routes each "worst" list names. */
export const WORST_ROUTES_SHOWN = 5;

/** One route of a "worst routes" list, with what ranked it. */
export interface WorstRoute {
  route: string;
  requests: number;
  /** Requests answered 5xx. */
  server_errors: number;
  /** server_errors / requests. */
  server_error_rate: number;
  p95_ms: number;
  /** p95 × requests, in milliseconds: the time the slow tail costs its callers. */
  latency_impact_ms: number;
}

/** The routes that hurt most in a window: by 5xx count, and by p95 × count. */
export interface WorstRoutesReport {
  /** The routes with the most 5xx answers (only routes with at least one), most first. */
  by_server_errors: WorstRoute[];
  /** The routes with the largest p95 × requests, largest first. */
  by_latency_impact: WorstRoute[];
}

/** Ties broken by route, in code-unit order, so the lists are stable between refreshes. */
function byRoute(a: WorstRoute, b: WorstRoute): number {
  return a.route < b.route ? -1 : a.route > b.route ? 1 : 0;
}

/**
 * Each route's requests, 5xx and p95 over `buckets` (a window's cover), of
 * the sources `filter` passes, and the {@link WORST_ROUTES_SHOWN} worst of
 * each kind.
 */
export function worstRoutes(
  buckets: readonly BucketView[],
  filter: SourceFilter,
  limit: number = WORST_ROUTES_SHOWN,
): WorstRoutesReport {
  const counts = new Map<string, { requests: number; serverErrors: number }>();
  for (const bucket of buckets) {
    for (let row = 0; row < bucket.series.length; row++) {
      const series = bucket.series[row];
      if (series === undefined || !matchesSource(filter, series.source)) continue;
      const n = bucket.counts[row] ?? 0;
      let c = counts.get(series.endpoint);
      if (c === undefined) {
        c = { requests: 0, serverErrors: 0 };
        counts.set(series.endpoint, c);
      }
      c.requests += n;
      if (series.statusCode >= 500) c.serverErrors += n;
    }
  }
  const merged = emptySketch();
  const routes: WorstRoute[] = [];
  for (const [route, rows] of endpointRows(buckets, filter)) {
    merged.clear();
    for (const [bucket, row] of rows) bucket.mergeEndpointInto(row, merged);
    const c = counts.get(route) ?? { requests: merged.count, serverErrors: 0 };
    const p95 = merged.count === 0 ? 0 : quantile(merged, 0.95);
    routes.push({
      route,
      requests: c.requests,
      server_errors: c.serverErrors,
      server_error_rate: rate(c.serverErrors, c.requests),
      p95_ms: round2(p95),
      latency_impact_ms: Math.round(p95 * c.requests),
    });
  }
  const top = (keep: (r: WorstRoute) => boolean, by: (r: WorstRoute) => number) =>
    routes
      .filter(keep)
      .sort((a, b) => by(b) - by(a) || byRoute(a, b))
      .slice(0, limit);
  return {
    by_server_errors: top(
      (r) => r.server_errors > 0,
      (r) => r.server_errors,
    ),
    by_latency_impact: top(
      (r) => r.requests > 0,
      (r) => r.latency_impact_ms,
    ),
  };
}
