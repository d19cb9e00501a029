/**
 * Store at volume: 24 hours at 1,000 req/s over 50 routes (86.4M requests),
 * recorded one by one through `RequestStore.record` with the injected clock;
 * retained memory after GC, and the median time of each dashboard query
 * (the query and its JSON serialization) with `period=24h`. Then the same
 * for `RETENTION=7d`, `period=7d`: the last 24 hours at 1,000 req/s and the
 * six days before at 100 req/s (a full week at 1,000 req/s would take
 * minutes to record; older days live in hour and day buckets, whose size
 * and merge cost barely depend on the rate once their bins are filled).
 *
 * The routes argument (default 50) sets the number of route templates; at
 * 500 the store reaches its series limit (about 1,019 series).
 *
 *   node --expose-gc dist/bench/store/storeBench.js [24h|7d] [routes]
 */
import { errorsQuery } from '../../src/dashboard/queries/errorsQuery.js';
import { latencyQuery } from '../../src/dashboard/queries/latencyQuery.js';
import { overviewQuery } from '../../src/dashboard/queries/overviewQuery.js';
import { requestsQuery } from '../../src/dashboard/queries/requestsQuery.js';
import type { RequestStore } from '../../src/store/RequestStore.js';
import { fillStore } from '../support/fillStore.js';
import { medianMs, report, retainedBytes, round } from '../support/measure.js';
import { ROUTES, ShapePool } from '../support/syntheticTraffic.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Timed runs per query, after warm-up runs. */
const RUNS = 30;

const context = {
  activeRequests: 0,
  saturation: {
    event_loop_delay_p99_ms: 0,
    event_loop_utilization: 0,
    heap_used_bytes: 0,
    rss_bytes: 0,
  },
  exporterDroppedSpans: 0,
};

/** Median milliseconds of each dashboard query over `period`, JSON serialization included. */
function queryTimes(store: RequestStore, period: string, periodMs: number): Record<string, number> {
  const time = (query: () => unknown) =>
    round(
      medianMs(() => JSON.stringify(query()), RUNS),
      3,
    );
  return {
    overview: time(() => overviewQuery(store, context)),
    requests: time(() => requestsQuery(store, period, periodMs)),
    latency: time(() => latencyQuery(store, period, periodMs)),
    errors: time(() => errorsQuery(store, period, periodMs)),
  };
}

const which = process.argv[2] ?? '24h';
const routes = Number(process.argv[3] ?? ROUTES);
const pool = new ShapePool(1 << 20, undefined, routes);
const before = retainedBytes();
const filled =
  which === '7d'
    ? fillStore(pool, { hours: 7 * 24, recentRps: 1000, olderRps: 100, retentionMs: 7 * DAY })
    : fillStore(pool, { hours: 24, recentRps: 1000, retentionMs: DAY });
const memoryBytes = retainedBytes() - before;
const queries =
  which === '7d' ? queryTimes(filled.store, '7d', 7 * DAY) : queryTimes(filled.store, '24h', DAY);
// Queries build the row arrays of the buckets they read (a bounded cache): the memory after them.
const memoryAfterQueries = retainedBytes() - before;
report({
  which,
  routes,
  requests: filled.requests,
  series: filled.store.seriesCount,
  record_per_s: Math.round(filled.requests / filled.seconds),
  fill_seconds: round(filled.seconds, 1),
  memory_bytes: memoryBytes,
  memory_bytes_after_queries: memoryAfterQueries,
  query_ms: queries,
  // Keep the pool alive until memory was measured, so it is not counted as freed.
  pool_size: pool.count,
});
