import { expect } from 'chai';
import { ChunkLatency } from '../../src/promqlSource/ChunkLatency.js';

function chunk(count: number, weights: [number, number][]): ChunkLatency {
  const c = new ChunkLatency();
  c.count = count;
  c.sumMs = 100;
  for (const [v, w] of weights) c.addValue(v, w);
  return c;
}

describe('ChunkLatency', () => {
  describe('#weighted', () => {
    it('gives the buckets as they are when they total the count', () => {
      expect(
        chunk(5, [
          [20, 2],
          [10, 3],
        ]).weighted(),
      ).to.deep.equal({
        valuesMs: [10, 20],
        weights: [3, 2],
      });
    });
    it('puts what the buckets miss in the fullest one', () => {
      expect(
        chunk(7, [
          [10, 3],
          [20, 2],
        ]).weighted().weights,
      ).to.deep.equal([5, 2]);
    });
    it('takes an overshoot from the fullest, then from the others', () => {
      expect(
        chunk(1, [
          [10, 2],
          [20, 2],
        ]).weighted().weights,
      ).to.deep.equal([0, 1]);
      expect(chunk(0, [[10, 2]]).weighted().weights).to.deep.equal([0]);
    });
    it('stands every request at the mean when no bucket rose', () => {
      expect(chunk(4, []).weighted()).to.deep.equal({ valuesMs: [25], weights: [4] });
    });
  });
});
