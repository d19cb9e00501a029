import { expect } from 'chai';
import fc from 'fast-check';
import {
  exactHistogramIncrease,
  exactHistogramIncrements,
  mergedInto,
} from '../../src/promql/exactHistogramIncrease.js';
import type { NativeBucket, NativeHistogramSample } from '../../src/promql/PromQlClient.js';

/** Bucket `i` of schema `schema`: (2^((i-1)/2^schema), 2^(i/2^schema)], as Prometheus writes it. */
function bucket(schema: number, i: number, count: number): NativeBucket {
  const base = 2 ** (2 ** -schema);
  return { boundaryRule: 0, lower: base ** (i - 1), upper: base ** i, count };
}

/** A histogram sample at `schema` from per-bucket counts (bucket index → count). */
function sample(
  t: number,
  schema: number,
  counts: ReadonlyMap<number, number>,
  sum: number,
): NativeHistogramSample {
  const indexes = [...counts.keys()].sort((a, b) => a - b);
  const buckets = indexes
    .filter((i) => (counts.get(i) ?? 0) > 0)
    .map((i) => bucket(schema, i, counts.get(i) ?? 0));
  const count = buckets.reduce((n, b) => n + b.count, 0);
  return { t, count, sum, buckets };
}

interface Scrape {
  /** Bucket indexes (schema 0) of the observations since the last scrape; each observation is its bucket's upper bound. */
  readonly observed: readonly number[];
  readonly restart: boolean;
}

/** A native histogram scraped every second; a restart keeps the new count below the old one (detectable). */
function simulate(scrapes: readonly Scrape[]) {
  let counts = new Map<number, number>();
  let sum = 0;
  const samples: NativeHistogramSample[] = [];
  const truth: { t: number; observed: number[] }[] = [];
  scrapes.forEach(({ observed, restart }, i) => {
    const t = i * 1000 + 500;
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    let added = [...observed];
    if (restart && total > 0) {
      added = added.slice(0, total - 1);
      counts = new Map();
      sum = 0;
    }
    for (const b of added) {
      counts.set(b, (counts.get(b) ?? 0) + 1);
      sum += 2 ** b;
    }
    samples.push(sample(t, 0, counts, sum));
    truth.push({ t, observed: added });
  });
  return { samples, truth };
}

const scenario = fc.record({
  scrapes: fc.array(
    fc.record({
      observed: fc.array(fc.integer({ min: -3, max: 6 }), { maxLength: 8 }),
      restart: fc.boolean(),
    }),
    { minLength: 1, maxLength: 40 },
  ),
  from: fc.integer({ min: 0, max: 45 }),
  width: fc.integer({ min: 1, max: 45 }),
});

/** Observations per bucket index, as the increase's buckets say. */
function perBucket(buckets: readonly NativeBucket[]): Map<number, number> {
  return new Map(buckets.map((b) => [Math.round(Math.log2(b.upper)), b.count]));
}

function tally(observed: readonly number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const b of observed) m.set(b, (m.get(b) ?? 0) + 1);
  return new Map([...m].sort(([a], [b]) => a - b));
}

describe('exactHistogramIncrease', () => {
  describe('#exactHistogramIncrease', () => {
    it('takes count, sum and each bucket from the difference', () => {
      const a = sample(
        1000,
        0,
        new Map([
          [1, 2],
          [2, 1],
        ]),
        8,
      );
      const b = sample(
        3000,
        0,
        new Map([
          [1, 3],
          [2, 1],
          [4, 2],
        ]),
        42,
      );
      expect(exactHistogramIncrease([a, b], 2000, 4000)).to.deep.equal({
        count: 3,
        sum: 34,
        buckets: [bucket(0, 1, 1), bucket(0, 4, 2)],
      });
    });

    it('counts a new series from zero, and a reset (the count drops) from the value after it', () => {
      const a = sample(1000, 0, new Map([[1, 5]]), 10);
      const b = sample(3000, 0, new Map([[2, 2]]), 8);
      expect(exactHistogramIncrease([b], 2000, 4000).count).to.equal(2);
      expect(exactHistogramIncrease([a, b], 2000, 4000)).to.deep.equal({
        count: 2,
        sum: 8,
        buckets: [bucket(0, 2, 2)],
      });
    });

    it('takes a bucket that shrinks for a reset even when the count grew', () => {
      const a = sample(1000, 0, new Map([[1, 3]]), 6);
      const b = sample(
        3000,
        0,
        new Map([
          [1, 1],
          [3, 4],
        ]),
        34,
      );
      expect(exactHistogramIncrease([a, b], 2000, 4000).count).to.equal(5);
    });

    it('merges the previous buckets into a coarser schema: not a reset', () => {
      // Schema 1 buckets 1..4 are (1, 1.41], (1.41, 2], (2, 2.83], (2.83, 4]: schema 0's 1 and 2.
      const fine = sample(
        1000,
        1,
        new Map([
          [1, 1],
          [2, 2],
          [3, 1],
        ]),
        7,
      );
      const coarse = sample(
        3000,
        0,
        new Map([
          [1, 4],
          [2, 3],
        ]),
        16,
      );
      expect(mergedInto(fine.buckets, coarse.buckets)).to.deep.equal([3, 1]);
      expect(exactHistogramIncrease([fine, coarse], 2000, 4000)).to.deep.equal({
        count: 3,
        sum: 9,
        buckets: [bucket(0, 1, 1), bucket(0, 2, 2)],
      });
    });

    it('takes a finer schema for a reset (a coarse bucket fits in no fine one)', () => {
      const coarse = sample(1000, 0, new Map([[2, 1]]), 2);
      const fine = sample(
        3000,
        1,
        new Map([
          [3, 1],
          [4, 1],
        ]),
        5,
      );
      expect(mergedInto(coarse.buckets, fine.buckets)).to.equal(undefined);
      expect(exactHistogramIncrease([coarse, fine], 2000, 4000).count).to.equal(2);
    });

    it('gives totals across a schema change at the coarsest layout', () => {
      const fine0 = sample(1000, 1, new Map([[1, 1]]), 1);
      const fine1 = sample(
        2500,
        1,
        new Map([
          [1, 2],
          [2, 1],
        ]),
        3,
      );
      const coarse = sample(3500, 0, new Map([[1, 4]]), 5);
      const increase = exactHistogramIncrease([fine0, fine1, coarse], 2000, 4000);
      expect(increase.count).to.equal(3);
      expect(increase.buckets).to.deep.equal([bucket(0, 1, 3)]);
    });

    it('equals the observations inside (from, to], bucket by bucket, across resets', () => {
      fc.assert(
        fc.property(scenario, ({ scrapes, from, width }) => {
          const { samples, truth } = simulate(scrapes);
          const fromMs = from * 1000;
          const toMs = fromMs + width * 1000;
          const inWindow = truth
            .filter((p) => p.t > fromMs && p.t <= toMs)
            .flatMap((p) => p.observed);
          const fetched = samples.filter((p) => p.t > fromMs - 3000 && p.t <= toMs);
          const increase = exactHistogramIncrease(fetched, fromMs, toMs);
          expect(increase.count).to.equal(inWindow.length);
          expect(increase.sum).to.equal(inWindow.reduce((a, b) => a + 2 ** b, 0));
          expect(perBucket(increase.buckets)).to.deep.equal(tally(inWindow));
        }),
      );
    });
  });

  describe('#exactHistogramIncrements', () => {
    it('gives each step the observations scraped in it', () => {
      fc.assert(
        fc.property(scenario, fc.integer({ min: 1, max: 10 }), ({ scrapes, from, width }, step) => {
          const { samples, truth } = simulate(scrapes);
          const start = from * 1000;
          const end = start + width * 1000;
          const steps = exactHistogramIncrements(samples, start, end, step * 1000);
          steps.forEach((increase, i) => {
            const lo = start + i * step * 1000;
            const observed = truth
              .filter((p) => p.t >= lo && p.t < Math.min(end, lo + step * 1000))
              .flatMap((p) => p.observed);
            expect(increase.count).to.equal(observed.length);
            expect(perBucket(increase.buckets)).to.deep.equal(tally(observed));
          });
        }),
      );
    });
  });
});
