/**
 * The original design's raw-point store against ours, with the same one
 * million requests spread over 24 hours: retained memory and the median
 * time of the latency query (`period=24h`), which sorts every point in the
 * naive store and merges packed buckets in ours.
 *
 *   node --expose-gc dist/bench/store/naiveBench.js
 */
import { latencyQuery } from '../../src/dashboard/queries/latencyQuery.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { SIM_START_MS } from '../support/fillStore.js';
import { medianMs, report, retainedBytes, round } from '../support/measure.js';
import { ShapePool } from '../support/syntheticTraffic.js';
import { NaiveStore } from './NaiveStore.js';

const POINTS = 1_000_000;
const DAY = 86_400_000;
const pool = new ShapePool(POINTS, 3);
let now = SIM_START_MS;
const at = (i: number) => SIM_START_MS + Math.floor((i * DAY) / POINTS);

// Ours first, on a clean heap: measured after the naive store, the naive
// store's freed garbage made our figure come out negative.
const beforeOurs = retainedBytes();
const ours = new RequestStore({ now: () => now });
for (let i = 0; i < POINTS; i++) {
  now = at(i);
  const s = pool.shape(i);
  ours.record({ timestampMs: now, ...s });
}
const oursBytes = retainedBytes() - beforeOurs;

now = SIM_START_MS;
const beforeNaive = retainedBytes();
const naive = new NaiveStore(DAY, () => now);
for (let i = 0; i < POINTS; i++) {
  const s = pool.shape(i);
  naive.record({
    timestampMs: at(i),
    endpoint: s.endpoint,
    method: s.method,
    status: s.statusCode,
    durationMs: s.durationMs,
    errorType: s.errorType,
  });
}
const naiveBytes = retainedBytes() - beforeNaive;

now = SIM_START_MS + DAY - 1;
const naiveTotal = naive.latency(DAY).total_requests;
const oursTotal = latencyQuery(ours, '24h', DAY).total_requests;
if (naiveTotal !== POINTS || oursTotal !== POINTS) {
  throw new Error(`both stores must answer every point: naive ${naiveTotal}, ours ${oursTotal}`);
}
const naiveMs = medianMs(() => JSON.stringify(naive.latency(DAY)), 5, 1);
const oursMs = medianMs(() => JSON.stringify(latencyQuery(ours, '24h', DAY)), 30);
report({
  naive_points: POINTS,
  naive_query_ms: round(naiveMs, 1),
  naive_memory_bytes: naiveBytes,
  query_ms_24h_same_points: round(oursMs, 3),
  memory_bytes_same_points: oursBytes,
  query_speedup: round(naiveMs / oursMs, 0),
  // Keep both stores alive until both were measured.
  sizes: [naive.size, ours.totalRecorded],
});
