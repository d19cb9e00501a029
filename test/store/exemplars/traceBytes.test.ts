import { expect } from 'chai';
import {
  readSpanId,
  readTraceId,
  writeSpanId,
  writeTraceId,
} from '../../../src/store/exemplars/traceBytes.js';
import { lcgRandom } from '../../support/seededRandom.js';

describe('traceBytes', () => {
  describe('#readTraceId', () => {
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

  describe('#readSpanId', () => {
    it('reads back the span ids writeSpanId wrote, beside each other, and zeros as none', () => {
      const bytes = new Uint8Array(8 * 4);
      const ids = ['00f067aa0ba902b7', 'ff'.repeat(8), `${'0'.repeat(15)}1`, 'not hex'];
      ids.forEach((id, i) => {
        writeSpanId(id, bytes, 8 * i);
      });
      expect(ids.map((_, i) => readSpanId(bytes, 8 * i))).to.deep.equal([
        '00f067aa0ba902b7',
        'ff'.repeat(8),
        `${'0'.repeat(15)}1`,
        '',
      ]);
    });
  });
});
