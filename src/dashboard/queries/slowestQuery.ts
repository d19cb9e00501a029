import type { RequestStore } from '../../store/RequestStore.js';
import { ALL_SOURCES, matchesSource, type SourceFilter } from '../../store/SourceFilter.js';
import type { SlowRequest } from '../../store/slowest/SlowRequest.js';
import { type ExemplarJson, exemplarJson } from './exemplarJson.js';
import { isoTime } from './numbers.js';

/** How many requests `slowest` lists unless told. */
export const DEFAULT_SLOWEST_LIMIT = 20;
/** Most requests `slowest` lists. */
export const MAX_SLOWEST_LIMIT = 100;

/** The `/dashboard/slowest` answer. */
export interface SlowestReport {
  period: string;
  since: string;
  /**
   * The list is the exact top of the requests that finished after this
   * time: `since` when the whole window is exact. Later only when a held
   * list reached its cap (or the data came from an older snapshot, which
   * kept exemplars, not top lists); older requests are listed as held.
   */
  exact_until: string;
  /** How many of the list's ranks are exact: up to 20 for one endpoint, 100 for all. */
  exact_limit: number;
  /** The endpoint asked for, or null for all. */
  endpoint: string | null;
  limit: number;
  /** Slowest first. */
  requests: ExemplarJson[];
  /** The exemplar store's figures: held now, its global limit, and what that limit dropped. */
  exemplars: { held: number; limit: number; dropped: number };
}

/**
 * The true `limit` slowest requests of the window, slowest first (of equal
 * durations, newest first), of one endpoint or all, of the sources `filter`
 * passes: read from the store's top lists, exact for any window within the
 * retention for up to 20 per endpoint and 100 overall.
 */
export function slowestQuery(
  store: RequestStore,
  period: string,
  periodMs: number,
  endpoint: string | undefined,
  limit: number,
  filter: SourceFilter = ALL_SOURCES,
): SlowestReport {
  const view = store.window(periodMs);
  const found = store.slowestSince({
    sinceMs: view.sinceMs,
    endpoint,
    acceptSource: (source) => matchesSource(filter, source),
    limit,
  });
  return {
    period,
    since: isoTime(view.sinceMs),
    exact_until: isoTime(found.exactAfterMs),
    exact_limit: found.exactLimit,
    endpoint: endpoint ?? null,
    limit,
    requests: found.requests.map(slowJson),
    exemplars: {
      held: store.exemplars.held,
      limit: store.exemplars.limit,
      dropped: store.exemplars.dropped,
    },
  };
}

/** A top-list request as the JSON API shows a held one. */
function slowJson(r: SlowRequest): ExemplarJson {
  return exemplarJson({
    timestampMs: r.timestampMs,
    durationMs: r.durationMs,
    statusCode: r.statusCode,
    method: r.method,
    traceId: r.traceId,
    spanId: r.spanId,
    endpoint: r.key.endpoint,
    service: r.key.source.service,
    instance: r.key.source.instance,
  });
}
