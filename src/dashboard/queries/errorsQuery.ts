import type { ErrorEntry } from '../../store/ErrorRing.js';
import type { RequestStore } from '../../store/RequestStore.js';
import { ALL_SOURCES, matchesSource, type SourceFilter } from '../../store/SourceFilter.js';
import { type ErrorGroupJson, errorGroupsReport } from './errorGroupsReport.js';
import { errorLabel } from './errorLabel.js';
import { countsOf } from './filteredTotals.js';
import { byStatusAscending, isoTime, rate, sortedByDescending } from './numbers.js';

/** How many errors `recent` lists, as in the original design. */
export const RECENT_ERRORS_SHOWN = 10;

/** One entry of `recent`. */
export interface RecentError {
  timestamp: string;
  endpoint: string;
  method: string;
  error_type: string;
  message: string;
  status_code: number;
  trace_id: string;
  /** The server span's id; `''` when none is known (kept since issue 22). */
  span_id: string;
  /** The service and instance it was counted under. */
  service: string;
  instance: string;
}

/** The `/dashboard/errors` answer. */
export interface ErrorsReport {
  period: string;
  since: string;
  total_requests: number;
  total_errors: number;
  total_server_errors: number;
  error_rate: number;
  server_error_rate: number;
  by_type: Record<string, number>;
  by_endpoint: Record<string, number>;
  /** 5xx per endpoint, most first; endpoints without one are left out (added in issue 27). */
  server_errors_by_endpoint: Record<string, number>;
  by_status: Record<string, number>;
  recent: RecentError[];
  /** The newest 5xx only, as `recent` (4xx are often the callers' mistakes: scanners, validation). */
  recent_server_errors: RecentError[];
  /** Error fingerprints (type × message template × endpoint) with exact counts, most errors first. */
  groups: ErrorGroupJson[];
  /** Most groups kept apart; errors past it count in `other`. */
  groups_limit: number;
  /** Errors counted in `other` since start because of the limit. */
  groups_overflowed_errors: number;
}

/**
 * Errors (status >= 400) over the window, of the sources `filter` passes:
 * exact counts from rollups, detail from the ring.
 */
export function errorsQuery(
  store: RequestStore,
  period: string,
  periodMs: number,
  filter: SourceFilter = ALL_SOURCES,
): ErrorsReport {
  const view = store.window(periodMs);
  const byType = new Map<string, number>();
  const byEndpoint = new Map<string, number>();
  const serverErrorsByEndpoint = new Map<string, number>();
  const byStatus = new Map<number, number>();
  let total = 0;
  let errors = 0;
  let serverErrors = 0;
  for (const bucket of view.cover()) {
    const counts = countsOf(bucket, filter);
    total += counts.count;
    errors += counts.errors;
    serverErrors += counts.serverErrors;
    if (counts.errors === 0) continue;
    for (let row = 0; row < bucket.series.length; row++) {
      const series = bucket.series[row];
      if (series === undefined || series.statusCode < 400) continue;
      if (!matchesSource(filter, series.source)) continue;
      const n = bucket.counts[row] ?? 0;
      const type = errorLabel(series.errorType, series.statusCode);
      byType.set(type, (byType.get(type) ?? 0) + n);
      byEndpoint.set(series.endpoint, (byEndpoint.get(series.endpoint) ?? 0) + n);
      byStatus.set(series.statusCode, (byStatus.get(series.statusCode) ?? 0) + n);
      if (series.statusCode >= 500 && n > 0) {
        serverErrorsByEndpoint.set(
          series.endpoint,
          (serverErrorsByEndpoint.get(series.endpoint) ?? 0) + n,
        );
      }
    }
  }
  const recentOf = (accept: (e: ErrorEntry) => boolean): RecentError[] =>
    store.errors.newest(RECENT_ERRORS_SHOWN, view.sinceMs, accept).map(
      (e): RecentError => ({
        timestamp: isoTime(e.timestampMs),
        endpoint: e.endpoint,
        method: e.method,
        error_type: errorLabel(e.errorType, e.statusCode),
        message: e.message,
        status_code: e.statusCode,
        trace_id: e.traceId,
        span_id: e.spanId ?? '',
        service: e.service,
        instance: e.instance,
      }),
    );
  const recent = recentOf((e) => matchesSource(filter, e));
  const recentServer = recentOf((e) => e.statusCode >= 500 && matchesSource(filter, e));
  return {
    period,
    since: isoTime(view.sinceMs),
    total_requests: total,
    total_errors: errors,
    total_server_errors: serverErrors,
    error_rate: rate(errors, total),
    server_error_rate: rate(serverErrors, total),
    by_type: sortedByDescending(byType, (n) => n),
    by_endpoint: sortedByDescending(byEndpoint, (n) => n),
    server_errors_by_endpoint: sortedByDescending(serverErrorsByEndpoint, (n) => n),
    by_status: byStatusAscending(byStatus),
    recent,
    recent_server_errors: recentServer,
    ...errorGroupsReport(store, view.sinceMs, filter),
  };
}
