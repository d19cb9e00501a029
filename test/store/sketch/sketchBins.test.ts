import { DDSketch } from '@datadog/sketches-js';
import { expect } from 'chai';
import {
  BIN_COUNT,
  binOf,
  HIGHEST_TRACKED_MS,
  LOWEST_TRACKED_MS,
  SKETCH_RELATIVE_ACCURACY,
  valueOfBin,
} from '../../../src/store/sketch/sketchBins.js';
import { seededRandom } from '../../support/seededRandom.js';

describe('sketchBins', () => {
  const mapping = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY }).mapping;
  const random = seededRandom(7);
  // Log-uniform over the whole tracked range, 1 µs to 1e12 ms.
  const values = Array.from(
    { length: 20_000 },
    () => LOWEST_TRACKED_MS * (HIGHEST_TRACKED_MS / LOWEST_TRACKED_MS) ** random(),
  );

  describe('#binOf', () => {
    it('orders bins as DDSketch orders its keys', () => {
      const offset = binOf(1) - mapping.key(1);
      for (const v of values) expect(binOf(v), `${v}`).to.equal(mapping.key(v) + offset);
    });

    it('puts 0, negatives, NaN and values under 1 µs in bin 0', () => {
      for (const v of [0, -5, Number.NaN, LOWEST_TRACKED_MS / 2]) expect(binOf(v)).to.equal(0);
      expect(binOf(LOWEST_TRACKED_MS)).to.equal(1);
    });

    it('puts values past the top of the range in the top bin', () => {
      expect(binOf(HIGHEST_TRACKED_MS * 10)).to.equal(BIN_COUNT - 1);
      expect(binOf(Number.POSITIVE_INFINITY)).to.equal(BIN_COUNT - 1);
    });
  });

  describe('#valueOfBin', () => {
    it('stands for every value of its bin within 1%', () => {
      for (const v of values) {
        const error = Math.abs(valueOfBin(binOf(v)) - v) / v;
        expect(error, `${v}`).to.be.at.most(SKETCH_RELATIVE_ACCURACY + 1e-12);
      }
    });

    it('is 0 for bin 0', () => {
      expect(valueOfBin(0)).to.equal(0);
    });
  });
});
