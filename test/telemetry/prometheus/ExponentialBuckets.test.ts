import { expect } from 'chai';
import {
  ExponentialBuckets,
  NATIVE_MAX_BUCKETS,
  NATIVE_SCHEMA,
  NATIVE_ZERO_THRESHOLD,
} from '../../../src/telemetry/prometheus/ExponentialBuckets.js';
import { DISTRIBUTIONS, samples } from '../../support/distributions.js';
import { nativeQuantile } from './nativeQuantile.js';

/** The bucket counts a snapshot describes, by bucket index. */
function countsByIndex(b: ExponentialBuckets): Map<number, number> {
  const { spans, deltas } = b.snapshot();
  const counts = new Map<number, number>();
  let index = 0;
  let count = 0;
  let d = 0;
  for (const span of spans) {
    index += span.offset;
    for (let i = 0; i < span.length; i++, index++) {
      count += deltas[d++] as number;
      if (count !== 0) counts.set(index, count);
    }
  }
  return counts;
}

describe('ExponentialBuckets', () => {
  describe('#record', () => {
    it('files a value in the bucket (base^(i-1), base^i], upper bound inclusive', () => {
      const b = new ExponentialBuckets();
      const base = 2 ** (2 ** -NATIVE_SCHEMA);
      for (const v of [1, 1.0001, base * 1.0001, 0.5, 2]) b.record(v);
      expect([...countsByIndex(b)]).to.deep.equal([
        [-64, 1],
        [0, 1],
        [1, 1],
        [2, 1],
        [64, 1],
      ]);
    });

    it('counts zero in the zero bucket and ignores negatives and NaN', () => {
      const b = new ExponentialBuckets();
      for (const v of [0, NATIVE_ZERO_THRESHOLD, -1, Number.NaN, 0.1]) b.record(v);
      const s = b.snapshot();
      expect(s.zeroCount).to.equal(2);
      expect(s.zeroThreshold).to.equal(NATIVE_ZERO_THRESHOLD);
      expect([...countsByIndex(b).values()]).to.deep.equal([1]);
    });

    it('halves its resolution past NATIVE_MAX_BUCKETS, keeping every count', () => {
      const b = new ExponentialBuckets();
      const values = [1e-6, 1e-3, 1, 1e3, 1e6];
      for (const v of values) b.record(v);
      const s = b.snapshot();
      expect(s.schema).to.be.lessThan(NATIVE_SCHEMA);
      const indexes = [...countsByIndex(b).keys()];
      expect((indexes.at(-1) as number) - (indexes[0] as number)).to.be.lessThan(
        NATIVE_MAX_BUCKETS,
      );
      expect([...countsByIndex(b).values()].reduce((a, c) => a + c, 0)).to.equal(values.length);
      const base = 2 ** (2 ** -s.schema);
      for (const [i, v] of indexes.map((index, k) => [index, values[k] as number] as const)) {
        expect(v).to.be.greaterThan(base ** (i - 1) * (1 - 1e-9));
        expect(v).to.be.at.most(base ** i * (1 + 1e-9));
      }
    });
  });

  describe('#snapshot', () => {
    it('writes spans and deltas as the exposition does: short gaps inside a span, long ones split it', () => {
      const b = new ExponentialBuckets();
      const base = 2 ** (2 ** -NATIVE_SCHEMA);
      // Buckets 0, 0, 1, 3 (two empty between), 10.
      for (const i of [0, 0, 1, 4, 10]) b.record(base ** (i - 0.5));
      const s = b.snapshot();
      expect(s.spans).to.deep.equal([
        { offset: 0, length: 5 },
        { offset: 5, length: 1 },
      ]);
      expect(s.deltas).to.deep.equal([2, -1, -1, 0, 1, 0]);
    });
  });

  describe(`at schema ${NATIVE_SCHEMA}`, () => {
    for (const distribution of DISTRIBUTIONS) {
      it(`keeps Prometheus's histogram_quantile within 2% of the exact p50/p95/p99: ${distribution.name}`, () => {
        const durations = samples(distribution, 20_000, 21).map((ms) => ms / 1000);
        const b = new ExponentialBuckets();
        for (const d of durations) b.record(d);
        const sorted = [...durations].sort((x, y) => x - y);
        for (const q of [0.5, 0.95, 0.99]) {
          // Nearest rank: the value Prometheus's rank q·n falls on.
          const exact = sorted[Math.ceil(q * sorted.length) - 1] as number;
          const estimate = nativeQuantile(q, b.snapshot());
          expect(Math.abs(estimate - exact) / exact, `p${q * 100}`).to.be.at.most(0.02);
        }
      });
    }
  });
});
