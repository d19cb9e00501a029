import { expect } from 'chai';
import fc from 'fast-check';
import { NEAR_BIN_BYTES, NearBinDoubles } from '../../../src/store/sketch/NearBinDoubles.js';
import {
  BIN_COUNT,
  binOf,
  HIGHEST_TRACKED_MS,
  LOWEST_TRACKED_MS,
} from '../../../src/store/sketch/sketchBins.js';

/** Writes `value` in its own bin and reads it back; undefined when refused. */
function roundTrip(doubles: NearBinDoubles, value: number, bin = binOf(value)): number | undefined {
  const bytes = new Uint8Array(NEAR_BIN_BYTES + 3).fill(0xaa);
  if (!doubles.write(value, bin, bytes, 3)) return undefined;
  expect(bytes.subarray(0, 3)).to.deep.equal(new Uint8Array([0xaa, 0xaa, 0xaa]));
  return doubles.read(bin, bytes, 3);
}

describe('NearBinDoubles', () => {
  describe('#write and #read', () => {
    it('gives back exactly the double written, for every tracked duration', () => {
      const doubles = new NearBinDoubles();
      fc.assert(
        fc.property(
          fc.oneof(
            fc.double({ min: LOWEST_TRACKED_MS, max: 10, noNaN: true }),
            fc.double({ min: LOWEST_TRACKED_MS, max: HIGHEST_TRACKED_MS, noNaN: true }),
          ),
          (value) => {
            expect(doubles.fits(value, binOf(value))).to.equal(true);
            expect(Object.is(roundTrip(doubles, value), value)).to.equal(true);
          },
        ),
        { numRuns: 5_000 },
      );
    });

    it('holds the edges of every bin, powers of two, and 0', () => {
      const doubles = new NearBinDoubles();
      const values = [0, LOWEST_TRACKED_MS, 1, 2, 4, 1024, 2 ** 20, 0.5, 0.25, 999.999];
      for (const v of values) expect(roundTrip(doubles, v), String(v)).to.equal(v);
    });

    it('refuses what does not fit: a sub-microsecond duration, a value of another bin, negatives, infinities', () => {
      const doubles = new NearBinDoubles();
      expect(roundTrip(doubles, 1e-4)).to.equal(undefined);
      expect(roundTrip(doubles, 100, binOf(50))).to.equal(undefined);
      expect(roundTrip(doubles, 50, binOf(100))).to.equal(undefined);
      expect(roundTrip(doubles, -1, 0)).to.equal(undefined);
      expect(roundTrip(doubles, Number.POSITIVE_INFINITY, BIN_COUNT - 1)).to.equal(undefined);
      expect(doubles.fits(10, BIN_COUNT)).to.equal(false);
      expect(doubles.fits(10, -1)).to.equal(false);
    });
  });
});
