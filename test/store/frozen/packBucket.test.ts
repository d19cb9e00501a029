import { expect } from 'chai';
import fc from 'fast-check';
import { latencyQuery } from '../../../src/dashboard/queries/latencyQuery.js';
import { requestsQuery } from '../../../src/dashboard/queries/requestsQuery.js';
import type { EndpointKey } from '../../../src/store/EndpointKey.js';
import { FrozenBucket } from '../../../src/store/FrozenBucket.js';
import { LiveBucket } from '../../../src/store/LiveBucket.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import { RowTables } from '../../../src/store/RowTables.js';
import type { Series } from '../../../src/store/Series.js';
import { onNanosecondGrid } from '../../../src/store/sketch/nanosecondGrid.js';
import { SketchAccumulator } from '../../../src/store/sketch/SketchAccumulator.js';
import { HOUR, MINUTE, T0 } from '../../support/fakeClock.js';
import { SingleSourceSeries } from '../../support/SingleSourceSeries.js';

const QUANTILES = [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1];
const ENDPOINTS = ['/a', '/b/:id', '/c', '/d', '/e', 'unmatched'];
const STATUSES = [200, 201, 304, 404, 422, 500, 503];

/** A duration: zero, sub-microsecond, everyday, or huge; many requests share a few values. */
const duration = fc.oneof(
  fc.constantFrom(0, 1e-4, 0.5, 10, 10, 10, 250, 1e13),
  fc.double({ min: 0, max: 5_000, noNaN: true }),
  fc.double({ min: 1e-3, max: 1e9, noNaN: true }),
);
/** One request: endpoint, status, method and duration, by index into the tables above. */
const request = fc.record({
  endpoint: fc.nat({ max: ENDPOINTS.length - 1 }),
  status: fc.nat({ max: STATUSES.length - 1 }),
  post: fc.boolean(),
  ms: duration,
  repeat: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 400 })),
});

/** What a bucket answers, as plain data: counts per series, and per endpoint and in total the exact statistics and the quantiles. */
function answers(bucket: FrozenBucket | LiveBucket) {
  const counts = new Map<Series, number>();
  const sketches = new Map<EndpointKey, SketchAccumulator>();
  const total = new SketchAccumulator();
  if (bucket instanceof LiveBucket) {
    for (const row of bucket.rows) counts.set(row.series, row.count);
    for (const [key, rollup] of bucket.endpoints) {
      const frozen = FrozenBucket.freeze(T0, MINUTE, {
        rows: [],
        endpoints: new Map([[key, rollup]]),
      });
      const acc = new SketchAccumulator();
      frozen.mergeEndpointInto(0, acc);
      sketches.set(key, acc);
    }
  } else {
    bucket.series.forEach((s, row) => {
      counts.set(s, bucket.counts[row] as number);
    });
    bucket.endpoints.forEach((key, row) => {
      const acc = new SketchAccumulator();
      bucket.mergeEndpointInto(row, acc);
      sketches.set(key, acc);
    });
    bucket.mergeTotalInto(total);
  }
  const summary = (acc: SketchAccumulator) => ({
    count: acc.count,
    sum: acc.sum,
    min: acc.min,
    max: acc.max,
    quantiles: QUANTILES.map((q) => acc.quantile(q)),
  });
  return {
    counts,
    endpoints: new Map([...sketches].map(([k, acc]) => [k, summary(acc)])),
    total: summary(total),
  };
}

describe('packBucket', () => {
  describe('as FrozenBucket reads it back (property)', () => {
    it('answers exactly as the unpacked sketches: counts, statistics, every quantile', () => {
      fc.assert(
        fc.property(fc.array(request, { minLength: 0, maxLength: 80 }), (requests) => {
          const registry = new SingleSourceSeries(1_000);
          const live = new LiveBucket();
          // The unpacked reference: one accumulator per endpoint and one overall, fed every
          // value as the store keeps it (to the nanosecond), and each endpoint's sum on that grid.
          const direct = new Map<EndpointKey, SketchAccumulator>();
          const sums = new Map<EndpointKey, number>();
          const overall = new SketchAccumulator();
          const counts = new Map<Series, number>();
          for (const r of requests) {
            const status = STATUSES[r.status] as number;
            const series = registry.resolve(
              ENDPOINTS[r.endpoint] as string,
              r.post ? 'POST' : 'GET',
              status,
              status >= 400 ? `E${status}` : '',
            );
            const ms = onNanosecondGrid(r.ms);
            for (let i = 0; i < r.repeat; i++) {
              live.record(series, r.ms);
              overall.accept(ms);
              const acc = direct.get(series.key) ?? new SketchAccumulator();
              direct.set(series.key, acc);
              acc.accept(ms);
              sums.set(series.key, onNanosecondGrid((sums.get(series.key) ?? 0) + ms));
            }
            counts.set(series, (counts.get(series) ?? 0) + r.repeat);
          }
          const tables = new RowTables();
          const frozen = FrozenBucket.freeze(T0, MINUTE, live, tables);
          const got = answers(frozen);
          expect(got.counts).to.deep.equal(counts);
          expect(frozen.totals.count).to.equal(overall.count);
          for (const [key, acc] of direct) {
            const row = got.endpoints.get(key);
            expect(row, key.endpoint).to.not.equal(undefined);
            expect(row?.count).to.equal(acc.count);
            expect(row?.sum).to.equal(sums.get(key));
            expect(row?.min).to.equal(acc.min);
            expect(row?.max).to.equal(acc.max);
            expect(row?.quantiles).to.deep.equal(QUANTILES.map((q) => acc.quantile(q)));
          }
          expect(got.endpoints.size).to.equal(direct.size);
          expect(got.total.quantiles).to.deep.equal(QUANTILES.map((q) => overall.quantile(q)));
          expect(got.total.count).to.equal(overall.count);
          // Reopened, and packed again into the same tables: the same answers.
          const reopened = new LiveBucket();
          reopened.addFrozen(frozen);
          expect(answers(FrozenBucket.freeze(T0, MINUTE, reopened, tables))).to.deep.equal(got);
          // Through a snapshot's plain data: the same answers.
          const series = [...counts.keys()];
          const keys = [...direct.keys()];
          const data = JSON.parse(
            JSON.stringify(
              frozen.toData(
                (s) => series.indexOf(s),
                () => 0,
              ),
            ),
          );
          const back = FrozenBucket.fromData(
            data,
            data.series.map((id: number) => series[id] as Series),
            data.endpoints.map((e: string) => keys.find((k) => k.endpoint === e) as EndpointKey),
          );
          expect(answers(back)).to.deep.equal(got);
        }),
        { numRuns: 300 },
      );
    });

    it('keeps answering after its row arrays were dropped by the bounded cache', () => {
      const registry = new SingleSourceSeries(1_000);
      const tables = new RowTables(16_384, 2);
      const buckets = [0, 1, 2, 3].map((i) => {
        const live = new LiveBucket();
        for (let k = 0; k <= i; k++) live.record(registry.resolve(`/r${k}`, 'GET', 200, ''), k + 1);
        return FrozenBucket.freeze(T0 + i * MINUTE, MINUTE, live, tables);
      });
      // Reading each bucket's rows in turn: only two keep their arrays at once.
      for (let round = 0; round < 3; round++) {
        buckets.forEach((b, i) => {
          expect(b.series.map((s) => s.endpoint)).to.deep.equal(
            Array.from({ length: i + 1 }, (_, k) => `/r${k}`),
          );
          expect(b.endpoints).to.have.length(i + 1);
        });
      }
    });

    it('starts a new row table once one is full, and older buckets keep theirs', () => {
      const registry = new SingleSourceSeries(1_000);
      const tables = new RowTables(3);
      const frozen = [0, 1, 2].map((i) => {
        const live = new LiveBucket();
        live.record(registry.resolve(`/x${i}`, 'GET', 200, ''), 1);
        live.record(registry.resolve(`/x${i}`, 'GET', 500, 'E'), 2);
        return FrozenBucket.freeze(T0 + i * MINUTE, MINUTE, live, tables);
      });
      frozen.forEach((b, i) => {
        expect(b.series.map((s) => `${s.endpoint} ${s.statusCode}`)).to.deep.equal([
          `/x${i} 200`,
          `/x${i} 500`,
        ]);
        expect(b.endpoints.map((k) => k.endpoint)).to.deep.equal([`/x${i}`]);
      });
    });
  });

  describe('under a RequestStore over random traffic (property)', () => {
    it('answers every window with exact counts and the quantiles of one sketch of its requests', () => {
      const traffic = fc.array(
        fc.record({ minute: fc.nat({ max: 150 }), second: fc.nat({ max: 59 }), r: request }),
        { minLength: 1, maxLength: 120 },
      );
      fc.assert(
        fc.property(traffic, fc.constantFrom(15, 60, 90, 180), (records, periodMinutes) => {
          const end = T0 + 151 * MINUTE;
          let now = T0;
          const store = new RequestStore({ now: () => now, retentionMs: 3 * HOUR });
          const sorted = [...records].sort((a, b) => a.minute - b.minute || a.second - b.second);
          for (const { minute, second, r } of sorted) {
            now = T0 + minute * MINUTE + second * 1000;
            for (let i = 0; i < Math.min(r.repeat, 20); i++) {
              store.record({
                timestampMs: now,
                durationMs: r.ms,
                endpoint: ENDPOINTS[r.endpoint] as string,
                method: r.post ? 'POST' : 'GET',
                statusCode: STATUSES[r.status] as number,
              });
            }
          }
          now = end;
          const periodMs = periodMinutes * MINUTE;
          const since = store.window(periodMs).sinceMs;
          const perEndpoint = new Map<string, SketchAccumulator>();
          const byStatus = new Map<number, number>();
          for (const { minute, second, r } of sorted) {
            if (T0 + minute * MINUTE + second * 1000 < since) continue;
            const n = Math.min(r.repeat, 20);
            const endpoint = ENDPOINTS[r.endpoint] as string;
            const acc = perEndpoint.get(endpoint) ?? new SketchAccumulator();
            perEndpoint.set(endpoint, acc);
            for (let i = 0; i < n; i++) acc.accept(onNanosecondGrid(r.ms));
            const status = STATUSES[r.status] as number;
            byStatus.set(status, (byStatus.get(status) ?? 0) + n);
          }
          const requests = requestsQuery(store, `${periodMinutes}m`, periodMs);
          expect(requests.by_status).to.deep.equal(
            Object.fromEntries([...byStatus].map(([s, n]) => [String(s), n])),
          );
          const latency = latencyQuery(store, `${periodMinutes}m`, periodMs);
          for (const [endpoint, acc] of perEndpoint) {
            const got = latency.by_endpoint[endpoint];
            const r2 = (v: number) => Math.round(v * 100) / 100;
            expect(got?.p50_ms, endpoint).to.equal(r2(acc.quantile(0.5)));
            expect(got?.p95_ms, endpoint).to.equal(r2(acc.quantile(0.95)));
            expect(got?.p99_ms, endpoint).to.equal(r2(acc.quantile(0.99)));
            expect(got?.min_ms, endpoint).to.equal(r2(acc.min));
            expect(got?.max_ms, endpoint).to.equal(r2(acc.max));
          }
          expect(Object.keys(latency.by_endpoint).sort()).to.deep.equal(
            [...perEndpoint.keys()].sort(),
          );
        }),
        { numRuns: 60 },
      );
    });
  });
});
