import { expect } from 'chai';
import fc from 'fast-check';
import { onNanosecondGrid } from '../../../src/store/sketch/nanosecondGrid.js';
import { EXTREME_BYTES, RowStats, SUM_BYTES } from '../../../src/store/sketch/RowStats.js';
import { BIN_COUNT, binOf, HIGHEST_TRACKED_MS } from '../../../src/store/sketch/sketchBins.js';

/** Writes a row's statistics at 3 and reads them back; also checks the bytes used and that nothing around them changed. */
function roundTrip(sum: number, min: number, max: number) {
  const stats = new RowStats();
  const [lo, hi] = [binOf(min), binOf(max)];
  const codes = [
    stats.sumCode(sum),
    stats.extremeCode(min, lo),
    stats.extremeCode(max, hi),
  ] as const;
  const used =
    (SUM_BYTES[codes[0]] as number) +
    (EXTREME_BYTES[codes[1]] as number) +
    (EXTREME_BYTES[codes[2]] as number);
  const bytes = new Uint8Array(3 + used + 3).fill(0xaa);
  // Written into zeroed bytes, as a new bucket's buffer is.
  bytes.fill(0, 3, 3 + used);
  const end = stats.write(bytes, 3, sum, codes[0], min, lo, codes[1], max, hi, codes[2]);
  expect(end).to.equal(3 + used);
  expect([...bytes.subarray(0, 3), ...bytes.subarray(end)]).to.deep.equal(Array(6).fill(0xaa));
  const reader = new RowStats();
  reader.read(bytes, 3, codes[0], codes[1], codes[2], lo, hi);
  expect(reader.binsAt).to.equal(end);
  return { sum: reader.sum, min: reader.min, max: reader.max, used, codes };
}

describe('RowStats', () => {
  it('gives back exactly the doubles written, on the nanosecond grid or not', () => {
    const value = fc.oneof(
      fc.double({ min: 0, max: 10, noNaN: true }).map(onNanosecondGrid),
      fc.double({ min: 0, max: 1e9, noNaN: true }).map(onNanosecondGrid),
      fc.double({ min: 0, max: HIGHEST_TRACKED_MS * 10, noNaN: true }),
    );
    fc.assert(
      fc.property(value, value, value, (a, b, s) => {
        const [min, max] = a <= b ? [a, b] : [b, a];
        const got = roundTrip(s, min, max);
        expect(Object.is(got.sum, s), `sum ${s}`).to.equal(true);
        expect(Object.is(got.min, min), `min ${min}`).to.equal(true);
        expect(Object.is(got.max, max), `max ${max}`).to.equal(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it('keeps everyday figures in a few bytes', () => {
    // A quiet endpoint's minute: 120 requests summing to 2.4 s (under 2^32 ns), from 1.2 ms to 480 ms.
    const everyday = roundTrip(2_400.123456, 1.234567, 480.5);
    expect(everyday.used).to.equal(4 + 2 + 3);
    expect(roundTrip(0, 0, 0).used).to.equal(0 + 2 + 2);
    // Sub-microsecond values share bin 0 and fit 2 bytes.
    expect(roundTrip(0.0004, 0.0004, 0.0004).used).to.equal(2 + 2 + 2);
    // Over 4 bytes of nanoseconds above the bin (about 3 minutes up), a Float64.
    expect(roundTrip(1e6, 1e6, 1e6).used).to.equal(5 + 8 + 8);
  });

  it('keeps what is off the grid, infinite or out of range as a Float64', () => {
    const stats = new RowStats();
    expect(stats.sumCode(0.1 + 0.2)).to.equal(7);
    expect(stats.sumCode(-1)).to.equal(7);
    expect(stats.extremeCode(12.3456789012, binOf(12.3456789012))).to.equal(3);
    expect(stats.extremeCode(Number.POSITIVE_INFINITY, BIN_COUNT)).to.equal(3);
    expect(stats.extremeCode(10, -1)).to.equal(3);
    // A value of another (higher) bin is below that bin's reference.
    expect(stats.extremeCode(50, binOf(100))).to.equal(3);
    const sparse = roundTrip(0.1 + 0.2, 12.3456789012, 12.3456789012);
    expect(sparse.codes).to.deep.equal([7, 3, 3]);
    expect(sparse.sum).to.equal(0.1 + 0.2);
    expect(sparse.min).to.equal(12.3456789012);
  });
});
