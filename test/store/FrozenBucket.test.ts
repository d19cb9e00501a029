import { expect } from 'chai';
import { FrozenBucket } from '../../src/store/FrozenBucket.js';
import { LiveBucket } from '../../src/store/LiveBucket.js';
import { onNanosecondGrid } from '../../src/store/sketch/nanosecondGrid.js';
import { SketchAccumulator } from '../../src/store/sketch/SketchAccumulator.js';
import { DISTRIBUTIONS } from '../support/distributions.js';
import { MINUTE, T0 } from '../support/fakeClock.js';
import { SingleSourceSeries } from '../support/SingleSourceSeries.js';
import { seededRandom } from '../support/seededRandom.js';

const ENDPOINTS = ['/a', '/b/:id', '/c', '/d'];
const STATUSES = [200, 200, 200, 201, 404, 422, 500, 503];

/** A live bucket of `n` requests over four endpoints and mixed statuses, and the values per endpoint. */
function liveBucket(
  n: number,
  seed: number,
  registry = new SingleSourceSeries(1_000),
): { live: LiveBucket; values: Map<string, number[]> } {
  const random = seededRandom(seed);
  const live = new LiveBucket();
  const values = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const endpoint = ENDPOINTS[Math.floor(random() * ENDPOINTS.length)] as string;
    const status = STATUSES[Math.floor(random() * STATUSES.length)] as number;
    const method = random() < 0.8 ? 'GET' : 'POST';
    const series = registry.resolve(endpoint, method, status, status >= 400 ? `E${status}` : '');
    const distribution = DISTRIBUTIONS[i % DISTRIBUTIONS.length];
    // As the store keeps it: to the nanosecond.
    const ms = onNanosecondGrid(distribution?.draw(random) ?? 1);
    live.record(series, ms);
    const list = values.get(endpoint);
    if (list === undefined) values.set(endpoint, [ms]);
    else list.push(ms);
  }
  return { live, values };
}

/** The row of an endpoint (all of one source here). */
function rowOf(bucket: FrozenBucket, endpoint: string): number {
  return bucket.endpoints.findIndex((key) => key.endpoint === endpoint);
}

/** The accumulator of one endpoint row. */
function endpointSketch(bucket: FrozenBucket, endpoint: string): SketchAccumulator {
  const acc = new SketchAccumulator();
  bucket.mergeEndpointInto(rowOf(bucket, endpoint), acc);
  return acc;
}

describe('FrozenBucket', () => {
  describe('.freeze (compaction)', () => {
    for (const n of [1, 10, 1_000, 60_000]) {
      it(`loses no count, bin or statistic of ${n} requests`, () => {
        const { live, values } = liveBucket(n, n);
        const frozen = FrozenBucket.freeze(T0, MINUTE, live);
        expect(frozen.start).to.equal(T0);
        expect(frozen.widthMs).to.equal(MINUTE);
        // Series counts, in the live bucket's order.
        expect(frozen.series).to.deep.equal(live.rows.map((r) => r.series));
        expect([...frozen.counts]).to.deep.equal(live.rows.map((r) => r.count));
        // Endpoint rows: the same bins as the live rollups, exact statistics.
        for (const [{ endpoint }, rollup] of live.endpoints) {
          const sketch = endpointSketch(frozen, endpoint);
          const direct = new SketchAccumulator();
          for (const v of values.get(endpoint) ?? []) direct.accept(v);
          expect([...sketch.bins], endpoint).to.deep.equal([...direct.bins]);
          const row = frozen.endpointStats(rowOf(frozen, endpoint));
          expect(row).to.deep.equal({
            count: rollup.count,
            sum: rollup.sum,
            min: rollup.min,
            max: rollup.max,
          });
        }
        // Totals: every request, errors (>= 400) and server errors (>= 500) exact.
        const rows = live.rows;
        expect(frozen.totals.count).to.equal(n);
        expect(frozen.totals.errors).to.equal(
          rows.filter((r) => r.series.statusCode >= 400).reduce((a, r) => a + r.count, 0),
        );
        expect(frozen.totals.serverErrors).to.equal(
          rows.filter((r) => r.series.statusCode >= 500).reduce((a, r) => a + r.count, 0),
        );
        const all = new SketchAccumulator();
        frozen.mergeTotalInto(all);
        const direct = new SketchAccumulator();
        for (const list of values.values()) for (const v of list) direct.accept(v);
        expect([...all.bins]).to.deep.equal([...direct.bins]);
        expect(all.count).to.equal(n);
      });
    }

    it('packs an empty bucket as empty', () => {
      const frozen = FrozenBucket.freeze(T0, MINUTE, new LiveBucket());
      expect(frozen.series).to.deep.equal([]);
      expect(frozen.totals.count).to.equal(0);
      const acc = new SketchAccumulator();
      frozen.mergeTotalInto(acc);
      expect(acc.count).to.equal(0);
    });

    it('takes far less memory than the live form: under 200 bytes per endpoint row', () => {
      const { live } = liveBucket(60_000, 3);
      const frozen = FrozenBucket.freeze(T0, MINUTE, live);
      expect(frozen.packedBytes / frozen.endpoints.length).to.be.below(1_500);
      let liveBytes = 0;
      for (const rollup of live.endpoints.values()) liveBytes += rollup.bins.byteLength;
      expect(frozen.packedBytes).to.be.below(liveBytes / 2);
    });
  });

  describe('endpoint minimums and maximums', () => {
    // Durations on the nanosecond grid are kept as a few bytes above their bin's
    // reference; one too large for 4 bytes, or off the grid, as a Float64: all exact.
    const cases: [string, number[]][] = [
      ['everyday durations', [0.123456789, 7.000000000000001, 250, 59_999.999, 1e9 + 0.5]],
      ['with 0', [0, 3.3, 3.3000000000000003, 1024]],
      ['with a sub-microsecond duration', [4e-4, 12.5, 600.0000001]],
      ['past the highest tracked duration', [2e12, 1.5]],
    ];
    for (const [name, durations] of cases) {
      it(`are exact, ${name}`, () => {
        const registry = new SingleSourceSeries(10);
        const live = new LiveBucket();
        const a = registry.resolve('/a', 'GET', 200, '');
        const b = registry.resolve('/b', 'GET', 200, '');
        for (const [i, ms] of durations.entries()) live.record(i % 2 === 0 ? a : b, ms);
        const frozen = FrozenBucket.freeze(T0, MINUTE, live);
        for (const [key, rollup] of live.endpoints) {
          const row = rowOf(frozen, key.endpoint);
          const stats = frozen.endpointStats(row);
          expect([stats.min, stats.max, stats.sum, stats.count]).to.deep.equal([
            rollup.min,
            rollup.max,
            rollup.sum,
            rollup.count,
          ]);
          const acc = endpointSketch(frozen, key.endpoint);
          expect([acc.min, acc.max]).to.deep.equal([rollup.min, rollup.max]);
        }
      });
    }
  });

  describe('reopening (LiveBucket#addFrozen)', () => {
    it('packs back to the same bucket', () => {
      const { live } = liveBucket(5_000, 8);
      const frozen = FrozenBucket.freeze(T0, MINUTE, live);
      const reopened = new LiveBucket();
      reopened.addFrozen(frozen);
      const again = FrozenBucket.freeze(T0, MINUTE, reopened);
      // The same packed bytes and rows (the store's shared read scratch aside).
      const ids = new Map(frozen.series.map((s, i) => [s, i]));
      const data = (b: FrozenBucket) =>
        b.toData(
          (s) => ids.get(s) ?? -1,
          () => 0,
        );
      expect(again.packedBytes).to.equal(frozen.packedBytes);
      expect(data(again)).to.deep.equal(data(frozen));
      expect(again.totals).to.deep.equal(frozen.totals);
    });

    it('merges two buckets into one holding both', () => {
      // One registry, as in a store: the same endpoint keys in both buckets.
      const registry = new SingleSourceSeries(1_000);
      const first = liveBucket(3_000, 21, registry);
      const second = liveBucket(2_000, 22, registry);
      const merged = new LiveBucket();
      merged.addFrozen(FrozenBucket.freeze(T0, MINUTE, first.live));
      merged.addFrozen(FrozenBucket.freeze(T0 + MINUTE, MINUTE, second.live));
      const hour = FrozenBucket.freeze(T0, 60 * MINUTE, merged);
      expect(hour.totals.count).to.equal(5_000);
      for (const endpoint of ENDPOINTS) {
        const direct = new SketchAccumulator();
        for (const v of [
          ...(first.values.get(endpoint) ?? []),
          ...(second.values.get(endpoint) ?? []),
        ]) {
          direct.accept(v);
        }
        expect([...endpointSketch(hour, endpoint).bins], endpoint).to.deep.equal([...direct.bins]);
      }
    });
  });
});
