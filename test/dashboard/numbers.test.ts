import { expect } from 'chai';
import { isoTime } from '../../src/dashboard/queries/numbers.js';
import { readTraceId, writeTraceId } from '../../src/store/exemplars/traceBytes.js';
import { lcgRandom } from '../support/seededRandom.js';

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

describe('readTraceId', () => {
  it('reads back every trace id writeTraceId wrote, in lower-case hex', () => {
    const draw = lcgRandom(5);
    const bytes = new Uint8Array(16 * 500);
    const ids: string[] = [];
    for (let i = 0; i < 500; i++) {
      let hex = '';
      for (let k = 0; k < 32; k++) hex += Math.floor(draw() * 16).toString(16);
      ids.push(i === 0 ? 'ff'.repeat(16) : i === 1 ? `${'0'.repeat(31)}1` : hex);
      writeTraceId(ids[i] as string, bytes, 16 * i);
    }
    ids.forEach((id, i) => {
      expect(readTraceId(bytes, 16 * i)).to.equal(id);
    });
  });

  it("reads all zeros (no id, or an invalid one) as ''", () => {
    const bytes = new Uint8Array(32);
    writeTraceId('not hex', bytes, 16);
    expect(readTraceId(bytes, 0)).to.equal('');
    expect(readTraceId(bytes, 16)).to.equal('');
  });
});
