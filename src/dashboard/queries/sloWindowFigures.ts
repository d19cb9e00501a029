import type { WindowView } from '../../store/BucketTiers.js';
import { isUnfiltered, matchesSource, type SourceFilter } from '../../store/SourceFilter.js';
import type { SketchAccumulator } from '../../store/sketch/SketchAccumulator.js';
import { mergeLatencyInto } from './filteredTotals.js';
import { emptySketch } from './LatencySummary.js';

/** Requests, those the availability objective counts as failed, and their merged latency. */
export interface SloCounts {
  /** Requests in the window. */
  count: number;
  /** Requests with a 5xx status or one of the bad 4xx statuses. */
  failed: number;
  readonly latency: SketchAccumulator;
}

/** One window's {@link SloCounts}: over every route, and per route with objectives of its own. */
export interface SloWindowFigures {
  /** Window start, epoch milliseconds. */
  readonly sinceMs: number;
  readonly all: SloCounts;
  /** Keyed by route template; every route asked for is present, maybe with no requests. */
  readonly routes: ReadonlyMap<string, SloCounts>;
}

/** Highest status a series can hold; any above it counts as a server failure too. */
const MAX_STATUS = 599;

/** A look-up by status: 1 for every 5xx and each of `badStatuses`. */
export function failedStatusTable(badStatuses: readonly number[]): Uint8Array {
  const table = new Uint8Array(MAX_STATUS + 1);
  table.fill(1, 500);
  for (const status of badStatuses) if (status >= 0 && status <= MAX_STATUS) table[status] = 1;
  return table;
}

function emptyCounts(): SloCounts {
  return { count: 0, failed: 0, latency: emptySketch() };
}

/**
 * Sums a window's cover in one pass, for the sources `filter` passes: exact
 * counts and failures from the series rows, latency from the endpoint rows
 * (the whole bucket's, or each route's).
 */
export function sloWindowFigures(
  view: WindowView,
  filter: SourceFilter,
  failedStatus: Uint8Array,
  routes: readonly string[],
): SloWindowFigures {
  const all = emptyCounts();
  const byRoute = new Map<string, SloCounts>(routes.map((r) => [r, emptyCounts()]));
  // The default (every source, 5xx only, no routes): the bucket totals have the answer.
  const totalsSuffice =
    isUnfiltered(filter) && routes.length === 0 && !failedStatus.subarray(0, 500).includes(1);
  for (const bucket of view.cover()) {
    if (totalsSuffice) {
      all.count += bucket.totals.count;
      all.failed += bucket.totals.serverErrors;
      mergeLatencyInto(bucket, filter, all.latency);
      continue;
    }
    for (let row = 0; row < bucket.series.length; row++) {
      const series = bucket.series[row];
      if (series === undefined || !matchesSource(filter, series.source)) continue;
      const n = bucket.counts[row] ?? 0;
      const failed = (failedStatus[series.statusCode] ?? 1) === 1 ? n : 0;
      all.count += n;
      all.failed += failed;
      const route = byRoute.get(series.endpoint);
      if (route !== undefined) {
        route.count += n;
        route.failed += failed;
      }
    }
    mergeLatencyInto(bucket, filter, all.latency);
    if (byRoute.size === 0) continue;
    bucket.endpoints.forEach((key, row) => {
      const route = byRoute.get(key.endpoint);
      if (route !== undefined && matchesSource(filter, key.source)) {
        bucket.mergeEndpointInto(row, route.latency);
      }
    });
  }
  return { sinceMs: view.sinceMs, all, routes: byRoute };
}
