import { expect } from 'chai';
import { LiveRollup } from '../../../src/store/sketch/LiveRollup.js';
import { onNanosecondGrid } from '../../../src/store/sketch/nanosecondGrid.js';
import { chooseEncoding, packBins } from '../../../src/store/sketch/packedBins.js';
import { binOf } from '../../../src/store/sketch/sketchBins.js';
import { DISTRIBUTIONS, type Distribution, samples } from '../../support/distributions.js';

/** Count per bin of a rollup, as a map. */
function binCounts(rollup: LiveRollup): Map<number, number> {
  const counts = new Map<number, number>();
  rollup.bins.forEach((c, i) => {
    if (c > 0) counts.set(rollup.lo + i, c);
  });
  return counts;
}

/** Count per bin of raw values, as the rollup keeps them (to the nanosecond). */
function expectedCounts(values: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const raw of values) {
    const v = onNanosecondGrid(raw);
    counts.set(binOf(v), (counts.get(binOf(v)) ?? 0) + 1);
  }
  return counts;
}

describe('LiveRollup', () => {
  describe('#add', () => {
    for (const distribution of DISTRIBUTIONS) {
      it(`counts every value of ${distribution.name} in its bin`, () => {
        const raw = samples(distribution, 5_000, 11);
        const rollup = new LiveRollup();
        for (const v of raw) rollup.add(v);
        const values = raw.map(onNanosecondGrid);
        const ns = values.reduce((a, v) => a + Math.round(v * 1e6), 0);
        expect(rollup.count).to.equal(values.length);
        expect(rollup.sum).to.equal(ns / 1e6);
        expect(rollup.min).to.equal(Math.min(...values));
        expect(rollup.max).to.equal(Math.max(...values));
        expect(binCounts(rollup)).to.deep.equal(expectedCounts(raw));
        expect(rollup.minBin).to.equal(Math.min(...values.map(binOf)));
        expect(rollup.maxBin).to.equal(Math.max(...values.map(binOf)));
      });
    }

    it('grows downwards and upwards without losing counts', () => {
      const values = [50, 0.01, 50, 1e6, 0.5, 3e9, 2e-3, 50];
      const rollup = new LiveRollup();
      for (const v of values) rollup.add(v);
      expect(binCounts(rollup)).to.deep.equal(expectedCounts(values));
    });

    it('keeps durations to the nanosecond, and their sum exact on that grid', () => {
      const rollup = new LiveRollup();
      rollup.add(0.1);
      rollup.add(0.2);
      // A float sum gives 0.30000000000000004; the nanoseconds sum to 300,000.
      expect(rollup.sum).to.equal(0.3);
      rollup.add(12.3456789012);
      expect(rollup.max).to.equal(12.345679);
      expect(rollup.sum).to.equal(12.645679);
      rollup.add(4e-7);
      expect(rollup.min).to.equal(0);
      // Past about 13 days (2^50 ns) values are kept as given.
      rollup.add(2e12 + 0.123);
      expect(rollup.max).to.equal(2e12 + 0.123);
    });

    it('counts NaN and negative durations as 0', () => {
      const rollup = new LiveRollup();
      rollup.add(Number.NaN);
      rollup.add(-2);
      expect(rollup.count).to.equal(2);
      expect(rollup.min).to.equal(0);
      expect(rollup.max).to.equal(0);
      expect(binCounts(rollup)).to.deep.equal(new Map([[0, 2]]));
    });
  });

  describe('#addPacked', () => {
    it('adds a packed rollup as if its values had been added one by one', () => {
      const [a, b] = [
        samples(DISTRIBUTIONS[0] as Distribution, 2_000, 1),
        samples(DISTRIBUTIONS[2] as Distribution, 2_000, 2),
      ];
      const source = new LiveRollup();
      for (const v of b) source.add(v);
      const len = source.maxBin - source.minBin + 1;
      const [code, length] = chooseEncoding(source.bins, source.minBin - source.lo, len);
      const bytes = new Uint8Array(length);
      packBins(bytes, 0, code, source.bins, source.minBin - source.lo, len);

      const merged = new LiveRollup();
      for (const v of a) merged.add(v);
      merged.addPacked(
        source.count,
        source.sum,
        source.min,
        source.max,
        source.minBin,
        len,
        bytes,
        0,
        code,
      );
      const direct = new LiveRollup();
      for (const v of [...a, ...b]) direct.add(v);
      expect(binCounts(merged)).to.deep.equal(binCounts(direct));
      expect([merged.count, merged.min, merged.max]).to.deep.equal([
        direct.count,
        direct.min,
        direct.max,
      ]);
      expect(merged.sum).to.be.closeTo(direct.sum, 1e-9 * direct.sum);
      expect([merged.minBin, merged.maxBin]).to.deep.equal([direct.minBin, direct.maxBin]);
    });
  });
});
