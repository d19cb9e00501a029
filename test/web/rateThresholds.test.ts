import { expect } from 'chai';
import {
  ERROR_RATE_BAD,
  ERROR_RATE_WARN,
  MIN_REQUESTS_FOR_RATE,
  rateTone,
} from '../../web/rateThresholds.js';

describe('web/rateThresholds', () => {
  describe('#rateTone', () => {
    const cases: [failed: number, count: number, tone: 'bad' | 'warn' | undefined][] = [
      [0, 1_000, undefined],
      [1, 1_000, undefined], // 0.1%: under the warning
      [10, 1_000, 'warn'], // 1%
      [49, 1_000, 'warn'],
      [50, 1_000, 'bad'], // 5%
      [2, 2, undefined], // 100%, but too few requests to say
      [MIN_REQUESTS_FOR_RATE - 1, MIN_REQUESTS_FOR_RATE - 1, undefined],
      [MIN_REQUESTS_FOR_RATE, MIN_REQUESTS_FOR_RATE, 'bad'],
      [0, 0, undefined],
    ];
    for (const [failed, count, tone] of cases) {
      it(`${failed} of ${count}: ${tone ?? 'plain'}`, () => {
        expect(rateTone(failed, count)).to.equal(tone);
      });
    }
    it('takes other thresholds', () => {
      const strict = { warn: 0.001, bad: 0.01, minRequests: 1 };
      expect(rateTone(1, 1_000, strict)).to.equal('warn');
      expect(rateTone(2, 2, strict)).to.equal('bad');
    });
    it('warns before it calls a rate bad', () => {
      expect(ERROR_RATE_WARN).to.be.below(ERROR_RATE_BAD);
    });
  });
});
