import { expect } from 'chai';
import { SketchAccumulator } from '../../../src/store/sketch/SketchAccumulator.js';
import {
  DISTRIBUTIONS,
  type Distribution,
  exactQuantile,
  samples,
} from '../../support/distributions.js';

const QUANTILES = [0, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1];
/** The quantiles #quantilesInto reads in one walk: a repeat included. */
const QUANTILES_INTO = [0, 0.25, 0.5, 0.5, 0.9, 0.95, 0.99, 0.999, 1];

describe('SketchAccumulator', () => {
  describe('#quantile', () => {
    for (const distribution of DISTRIBUTIONS) {
      it(`stays within 1% of nearest rank for ${distribution.name}`, () => {
        const values = samples(distribution, 50_000, 5);
        const acc = new SketchAccumulator();
        for (const v of values) acc.accept(v);
        const sorted = [...values].sort((a, b) => a - b);
        for (const q of QUANTILES) {
          const exact = exactQuantile(sorted, q);
          expect(Math.abs(acc.quantile(q) - exact), `q=${q}`).to.be.at.most(0.01 * exact);
        }
      });
    }

    it('is 0 when empty and the value itself for one value', () => {
      const acc = new SketchAccumulator();
      expect(acc.quantile(0.5)).to.equal(0);
      acc.accept(12.345);
      for (const q of QUANTILES) expect(acc.quantile(q)).to.equal(12.345);
    });
  });

  describe('#merge', () => {
    it('answers like one accumulator fed both halves', () => {
      const [a, b] = [
        samples(DISTRIBUTIONS[1] as Distribution, 10_000, 3),
        samples(DISTRIBUTIONS[2] as Distribution, 10_000, 4),
      ];
      const left = new SketchAccumulator();
      const right = new SketchAccumulator();
      const both = new SketchAccumulator();
      for (const v of a) left.accept(v);
      for (const v of b) right.accept(v);
      for (const v of [...a, ...b]) both.accept(v);
      left.merge(right);
      expect(left.count).to.equal(both.count);
      expect([...left.bins]).to.deep.equal([...both.bins]);
      for (const q of QUANTILES) expect(left.quantile(q)).to.equal(both.quantile(q));
    });
  });

  describe('#clear', () => {
    it('empties every bin and statistic', () => {
      const acc = new SketchAccumulator();
      for (const v of samples(DISTRIBUTIONS[0] as Distribution, 1_000, 9)) acc.accept(v);
      acc.clear();
      expect(acc.count).to.equal(0);
      expect(acc.sum).to.equal(0);
      expect(acc.bins.every((c) => c === 0)).to.equal(true);
      acc.accept(7);
      expect(acc.quantile(0.5)).to.equal(7);
      expect([acc.min, acc.max]).to.deep.equal([7, 7]);
    });
  });

  describe('#quantilesInto', () => {
    for (const distribution of DISTRIBUTIONS) {
      for (const n of [2, 3, 17, 5_000]) {
        it(`reads in one walk what #quantile reads one by one, ${distribution.name}, ${n} values`, () => {
          const acc = new SketchAccumulator();
          for (const v of samples(distribution, n, 9)) acc.accept(v);
          const out = new Float64Array(QUANTILES_INTO.length);
          acc.quantilesInto(QUANTILES_INTO, out);
          expect([...out]).to.deep.equal(QUANTILES_INTO.map((q) => acc.quantile(q)));
        });
      }
    }

    it('gives 0 when empty and the one value for one value, as #quantile does', () => {
      const acc = new SketchAccumulator();
      const out = new Float64Array(3).fill(Number.NaN);
      acc.quantilesInto([0.5, 0.95, 0.99], out);
      expect([...out]).to.deep.equal([0, 0, 0]);
      acc.accept(12.345);
      acc.quantilesInto([0.5, 0.95, 0.99], out);
      expect([...out]).to.deep.equal([12.345, 12.345, 12.345]);
    });
  });
});
