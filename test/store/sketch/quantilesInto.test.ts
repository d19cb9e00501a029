import { expect } from 'chai';
import { SketchAccumulator } from '../../../src/store/sketch/SketchAccumulator.js';
import { DISTRIBUTIONS, samples } from '../../support/distributions.js';

const QUANTILES = [0, 0.25, 0.5, 0.5, 0.9, 0.95, 0.99, 0.999, 1];

describe('SketchAccumulator', () => {
  describe('#quantilesInto', () => {
    for (const distribution of DISTRIBUTIONS) {
      for (const n of [2, 3, 17, 5_000]) {
        it(`reads in one walk what #quantile reads one by one, ${distribution.name}, ${n} values`, () => {
          const acc = new SketchAccumulator();
          for (const v of samples(distribution, n, 9)) acc.accept(v);
          const out = new Float64Array(QUANTILES.length);
          acc.quantilesInto(QUANTILES, out);
          expect([...out]).to.deep.equal(QUANTILES.map((q) => acc.quantile(q)));
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
