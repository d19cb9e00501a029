import { expect } from 'chai';
import { DURATION_PATTERN, parseDuration } from '../../src/store/duration.js';

describe('duration', () => {
  describe('#parseDuration', () => {
    const valid: [string, number][] = [
      ['1m', 60_000],
      ['30m', 1_800_000],
      ['90m', 5_400_000],
      ['1h', 3_600_000],
      ['24h', 86_400_000],
      ['1d', 86_400_000],
      ['7d', 604_800_000],
      ['366d', 31_622_400_000],
      ['10080m', 604_800_000],
    ];
    for (const [text, ms] of valid) {
      it(`parses ${text} as ${ms} ms`, () => {
        expect(parseDuration(text)).to.equal(ms);
      });
    }

    const invalid = [
      '',
      'm',
      '1',
      '0m',
      '00m',
      '01h',
      '-1h',
      '+1h',
      '1.5h',
      '1e3m',
      '1s',
      '1w',
      '1y',
      '1H',
      '1 h',
      ' 1h',
      '1h ',
      '1h\n',
      '1hm',
      '１h', // a full-width digit
      `${'9'.repeat(32)}m`, // over 32 characters in all
      '9007199254740992m', // not a safe integer
    ];
    for (const text of invalid) {
      it(`rejects ${JSON.stringify(text)}`, () => {
        expect(parseDuration(text)).to.equal(undefined);
      });
    }

    it('accepts the largest safe amount of minutes', () => {
      expect(parseDuration('9007199254740991m')).to.equal(9_007_199_254_740_991 * 60_000);
    });
  });

  describe('DURATION_PATTERN', () => {
    it('is anchored at both ends', () => {
      expect(DURATION_PATTERN.test('x1h')).to.equal(false);
      expect(DURATION_PATTERN.test('1hx')).to.equal(false);
      expect(DURATION_PATTERN.test('12h')).to.equal(true);
    });
  });
});
