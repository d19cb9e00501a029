import type { RequestStore } from '../../store/RequestStore.js';
import { ALL_SOURCES, matchesSource, type SourceFilter } from '../../store/SourceFilter.js';
import { type ExemplarJson, exemplarJson } from './exemplarJson.js';
import { isoTime } from './numbers.js';
import { SlowestPicks } from './SlowestPicks.js';

/** How many requests `slowest` lists unless told. */
export const DEFAULT_SLOWEST_LIMIT = 20;
/** Most requests `slowest` lists. */
export const MAX_SLOWEST_LIMIT = 100;

/** The `/dashboard/slowest` answer. */
export interface SlowestReport {
  period: string;
  since: string;
  /** The endpoint asked for, or null for all. */
  endpoint: string | null;
  limit: number;
  /** Slowest first. */
  requests: ExemplarJson[];
  /** The exemplar store's figures: held now, its global limit, and what that limit dropped. */
  exemplars: { held: number; limit: number; dropped: number };
}

/**
 * The slowest requests held in the window, slowest first, of one endpoint
 * or all, of the sources `filter` passes. Each endpoint keeps its slowest
 * few per minute (last hour) and per hour (before), so the list is exact
 * unless one bucket held more of the window's slowest than it keeps.
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
  // One scan over the held exemplars, keeping only the slowest few: the rest are never built.
  const picks = new SlowestPicks(limit);
  store.scanExemplarsSince(
    view.sinceMs,
    (key) =>
      (endpoint === undefined || key.endpoint === endpoint) && matchesSource(filter, key.source),
    (_key, durationMs, timestampMs, take, index) => {
      if (picks.wants(durationMs, timestampMs)) picks.add(take(index));
    },
  );
  const requests = picks.requests.map(exemplarJson);
  return {
    period,
    since: isoTime(view.sinceMs),
    endpoint: endpoint ?? null,
    limit,
    requests,
    exemplars: {
      held: store.exemplars.held,
      limit: store.exemplars.limit,
      dropped: store.exemplars.dropped,
    },
  };
}
