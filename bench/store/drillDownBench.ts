/**
 * Memory of the drill-down structures (exemplars, error groups) at volume:
 * 24 hours at 1,000 req/s over `routes` routes (uniform popularity, a
 * log-normal latency per route, 3.5% errors of a few types with messages
 * that carry ids), recorded one by one through `RequestStore.record` with
 * the injected clock. The store is filled twice: as configured, and with
 * the exemplar limit at 0 and one error group, so each structure's share is
 * the difference of the retained memory after GC.
 *
 *   node --expose-gc dist/bench/store/drillDownBench.js [routes]
 */
import { RequestStore } from '../../src/store/RequestStore.js';
import type { RequestStoreOptions } from '../../src/store/RequestStoreOptions.js';
import { logNormal } from '../../test/support/distributions.js';
import { seededRandom } from '../../test/support/seededRandom.js';
import { SIM_START_MS } from '../support/fillStore.js';
import { report, retainedBytes, round } from '../support/measure.js';
import { type ReusableRecord, reusableRecord } from '../support/syntheticTraffic.js';

const HOUR = 3_600_000;
const RPS = 1_000;
const routes = Number(process.argv[2] ?? 50);
const POOL = 1 << 16;

/** Request shapes, cycled: route, duration, status. */
const random = seededRandom(7);
const medians = Array.from({ length: routes }, () => 2 * 100 ** random());
const shapes = Array.from({ length: POOL }, (_, n) => {
  const route = n % routes;
  const x = random();
  const status = x < 0.965 ? 200 : x < 0.98 ? 422 : x < 0.99 ? 404 : 500;
  return { route, status, duration: logNormal(random, medians[route] as number, 0.6) };
});
const endpoints = Array.from({ length: routes }, (_, i) => `/api/r${i}/:id`);
const errorTypes: Record<number, string> = {
  422: 'ValidationError',
  404: 'NotFoundError',
  500: 'Error',
};

function fill(options: RequestStoreOptions): { store: RequestStore; seconds: number } {
  let now = SIM_START_MS;
  const store = new RequestStore({ ...options, now: () => now });
  const rec: ReusableRecord = reusableRecord();
  const started = performance.now();
  let n = 0;
  for (let second = SIM_START_MS; second < SIM_START_MS + 24 * HOUR; second += 1000) {
    for (let k = 0; k < RPS; k++) {
      now = second + k;
      const shape = shapes[n % POOL] as (typeof shapes)[number];
      rec.timestampMs = now;
      rec.durationMs = shape.duration;
      rec.endpoint = endpoints[shape.route] as string;
      rec.method = 'GET';
      rec.statusCode = shape.status;
      rec.errorType = shape.status >= 400 ? errorTypes[shape.status] : undefined;
      rec.errorMessage = shape.status >= 400 ? `user ${n % 9_973} not found` : undefined;
      rec.traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      store.record(rec);
      n++;
    }
  }
  now = SIM_START_MS + 24 * HOUR;
  store.window(HOUR);
  return { store, seconds: (performance.now() - started) / 1000 };
}

function measure(options: RequestStoreOptions) {
  const before = retainedBytes();
  const { store, seconds } = fill(options);
  const bytes = retainedBytes() - before;
  const figures = {
    bytes,
    seconds: round(seconds, 1),
    exemplars_held: store.exemplars.held,
    exemplar_array_bytes: store.exemplars.bytes,
    exemplars_dropped: store.exemplars.dropped,
    error_groups: store.errorGroups.size,
  };
  return figures;
}

const full = measure({});
const without = measure({ exemplarLimit: 0, errorGroupLimit: 1 });
report({
  routes,
  requests: 24 * 3600 * RPS,
  store_bytes: full.bytes,
  store_bytes_without_drill_down: without.bytes,
  drill_down_bytes: full.bytes - without.bytes,
  exemplars_held: full.exemplars_held,
  exemplar_array_bytes: full.exemplar_array_bytes,
  exemplars_dropped: full.exemplars_dropped,
  error_groups: full.error_groups,
  fill_seconds: full.seconds,
});
