import { expect } from 'chai';
import fc from 'fast-check';
import { addPackedBins, chooseEncoding, packBins } from '../../../src/store/sketch/packedBins.js';

/** Packs `counts` in the chosen form and adds them into a fresh array at `at`. */
function roundTrip(counts: number[], at = 3): { code: number; length: number; back: number[] } {
  const from = Float64Array.from(counts);
  const [code, length] = chooseEncoding(from, 0, counts.length);
  const bytes = new Uint8Array(length + 2);
  packBins(bytes, 2, code, from, 0, counts.length);
  const into = new Float64Array(counts.length + at + 2);
  addPackedBins(into, at, bytes, 2, code, counts.length);
  return { code, length, back: [...into.subarray(at, at + counts.length)] };
}

describe('packedBins', () => {
  const cases: [string, number[], number][] = [
    ['small counts as nibbles', [0, 1, 2, 14, 0, 3, 7], 0],
    ['escapes in a nibble row', [1, 15, 0, 2, 16, 1, 300, 0, 1, 2, 3, 1, 0, 1, 1], 0],
    ['mostly large counts in one byte each', [200, 255, 100, 90, 80], 1],
    ['counts over 255 in two bytes', [256, 1000, 65_535, 4000], 2],
    ['huge counts in six bytes', [2 ** 36, 2 ** 40, 2 ** 45, 2 ** 47 + 3], 3],
    ['counts over 65,535 as nibbles with escapes', [65_536, 2 ** 40, 7, 2 ** 47 + 3], 0],
    ['a single bin', [42], 1],
    ['a quiet row of ones and zeros in unary bits', [1, 0, 2, 0, 0, 1, 1, 0, 3, 0, 0, 0, 1], 5],
    [
      'a few far-apart bins as sparse bytes',
      [3, ...Array(40).fill(0), 20, ...Array(300).fill(0), 9],
      4,
    ],
    ['sparse gaps and counts with escapes', [70_000, ...Array(5000).fill(0), 1], 4],
  ];
  for (const [name, counts, code] of cases) {
    it(`packs ${name} and adds them back exactly`, () => {
      const result = roundTrip(counts);
      expect(result.code).to.equal(code);
      expect(result.back).to.deep.equal(counts);
    });
  }

  it('adds onto what the target already holds', () => {
    const from = Float64Array.from([5, 0, 20]);
    const [code, length] = chooseEncoding(from, 0, 3);
    const bytes = new Uint8Array(length);
    packBins(bytes, 0, code, from, 0, 3);
    const into = Float64Array.from([1, 1, 1]);
    addPackedBins(into, 0, bytes, 0, code, 3);
    addPackedBins(into, 0, bytes, 0, code, 3);
    expect([...into]).to.deep.equal([11, 1, 41]);
  });

  it('never takes more than the fixed width, and half a byte a bin for small counts', () => {
    expect(chooseEncoding(Float64Array.from(Array(100).fill(3)), 0, 100)).to.deep.equal([0, 50]);
    expect(chooseEncoding(Float64Array.from(Array(100).fill(200)), 0, 100)).to.deep.equal([1, 100]);
  });

  it('decodes every form exactly when it is forced, runs of ones past 32 bits included', () => {
    const byteLength = (code: number, counts: number[]) => {
      const total = counts.reduce((a, b) => a + b, 0);
      return code === 5 ? Math.ceil((counts.length + total) / 8) : 8 * counts.length + 64;
    };
    const row = fc
      .array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 30, max: 70 })), {
        minLength: 1,
        maxLength: 60,
      })
      .map((counts) => [...counts, 1]);
    fc.assert(
      fc.property(row, fc.constantFrom(0, 1, 4, 5), (counts, code) => {
        const from = Float64Array.from(counts);
        const bytes = new Uint8Array(byteLength(code, counts));
        packBins(bytes, 0, code, from, 0, counts.length);
        const into = new Float64Array(counts.length);
        const total = addPackedBins(into, 0, bytes, 0, code, counts.length);
        expect([...into]).to.deep.equal(counts.map((c) => (code === 1 ? c % 256 : c)));
        if (code !== 1) expect(total).to.equal(counts.reduce((a, b) => a + b, 0));
      }),
      { numRuns: 300 },
    );
  });

  it('ends a sparse row on its last bin and a unary row after its bins, reading no further', () => {
    // The next row's bytes follow; they must not leak into this row.
    for (const counts of [
      [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5],
      [1, 0, 1],
    ]) {
      const from = Float64Array.from(counts);
      const [code, length] = chooseEncoding(from, 0, counts.length);
      const bytes = new Uint8Array(length + 8).fill(0xff, length);
      packBins(bytes, 0, code, from, 0, counts.length);
      const into = new Float64Array(counts.length + 4);
      const total = addPackedBins(into, 0, bytes, 0, code, counts.length);
      expect([...into.subarray(0, counts.length)]).to.deep.equal(counts);
      expect([...into.subarray(counts.length)]).to.deep.equal([0, 0, 0, 0]);
      expect(total).to.equal(counts.reduce((a, b) => a + b, 0));
    }
  });

  it('round-trips any counts exactly', () => {
    const count = fc.oneof(
      fc.integer({ min: 0, max: 20 }),
      fc.integer({ min: 0, max: 70_000 }),
      fc.integer({ min: 0, max: 2 ** 47 }),
    );
    fc.assert(
      fc.property(fc.array(count, { minLength: 1, maxLength: 300 }), (counts) => {
        expect(roundTrip(counts).back).to.deep.equal(counts);
      }),
      { numRuns: 300 },
    );
    // Mostly empty rows of small counts: the sparse and unary forms.
    const quiet = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 4 }), count);
    fc.assert(
      fc.property(fc.array(quiet, { minLength: 1, maxLength: 400 }), (counts) => {
        expect(roundTrip(counts).back).to.deep.equal(counts);
      }),
      { numRuns: 300 },
    );
  });
});
