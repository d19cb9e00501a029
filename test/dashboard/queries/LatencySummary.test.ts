import { expect } from 'chai';
import { emptySketch, quantile } from '../../../src/dashboard/queries/LatencySummary.js';
import { exactQuantile } from '../../support/distributions.js';
import { expectWithinOnePercent } from '../../support/queryFixtures.js';

describe('LatencySummary', () => {
  describe('#quantile', () => {
    it('is 0 for an empty sketch', () => {
      expect(quantile(emptySketch(), 0.5)).to.equal(0);
    });

    it('follows nearest rank, sorted[min(floor(n q), n - 1)], on small samples', () => {
      // Widely spaced values (30% apart, 10 µs to 2e9 ms, inside the tracked range):
      // a 1% error cannot reach a neighbour.
      for (const n of [2, 3, 4, 5, 10, 11, 20, 100]) {
        const sorted = Array.from({ length: n }, (_, i) => 0.01 * 1.3 ** i);
        const sketch = emptySketch();
        for (const v of [...sorted].reverse()) sketch.accept(v);
        for (const q of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1]) {
          expectWithinOnePercent(quantile(sketch, q), exactQuantile(sorted, q), `n=${n} q=${q}`);
        }
      }
    });

    it('answers the exact value when every request took the same time', () => {
      // The sketch's bin value is not 100 itself; clamping to the exact min and max makes it so.
      const sketch = emptySketch();
      for (let i = 0; i < 3; i++) sketch.accept(100);
      for (const q of [0, 0.5, 0.99, 1]) expect(quantile(sketch, q)).to.equal(100);
    });

    it('never leaves the exact min and max', () => {
      const sketch = emptySketch();
      for (const v of [100, 100, 100, 100.5]) sketch.accept(v);
      for (const q of [0, 0.5, 0.99, 1]) expect(quantile(sketch, q)).to.be.within(100, 100.5);
    });
  });
});
