import { expect } from 'chai';
import { isoTime } from '../../../src/dashboard/queries/numbers.js';
import { lcgRandom } from '../../support/seededRandom.js';

describe('isoTime', () => {
  it('writes what Date#toISOString writes, over 1970 to 9999', () => {
    const draw = lcgRandom(3);
    const max = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    for (let i = 0; i < 200_000; i++) {
      const ms = Math.floor(draw() * draw() * max);
      expect(isoTime(ms), String(ms)).to.equal(new Date(ms).toISOString());
    }
  });

  it('is exact at the edges: leap days, year ends, the epoch, the last millisecond of 9999', () => {
    const edges = [
      0,
      1,
      Date.UTC(2000, 1, 29, 23, 59, 59, 999),
      Date.UTC(2100, 1, 28, 12),
      Date.UTC(2100, 2, 1),
      Date.UTC(2024, 11, 31, 23, 59, 59, 999),
      Date.UTC(2025, 0, 1),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    ];
    for (const ms of edges) expect(isoTime(ms)).to.equal(new Date(ms).toISOString());
  });

  it('hands times Date writes otherwise to Date: before 1970, past 9999, fractional', () => {
    for (const ms of [-1, -86_400_001, Date.UTC(10_000, 0, 1), Date.UTC(12_345, 5, 6), 1.5]) {
      expect(isoTime(ms)).to.equal(new Date(ms).toISOString());
    }
    expect(() => isoTime(Number.NaN)).to.throw(RangeError);
  });
});
