import { expect } from 'chai';
import { MAX_PERIOD_MS, parsePeriod } from '../../src/dashboard/parsePeriod.js';
import { HttpError, ValidationError } from '../../src/http/httpErrors.js';

/** The error `parsePeriod` throws, or a failed assertion if it returns. */
function rejection(value: string | string[] | undefined, fallback = '1h'): ValidationError {
  try {
    parsePeriod(value, fallback);
  } catch (error) {
    expect(error).to.be.instanceOf(ValidationError);
    return error as ValidationError;
  }
  expect.fail(`parsePeriod(${JSON.stringify(value)}) should have thrown`);
}

describe('parsePeriod', () => {
  describe('#parsePeriod', () => {
    const valid: [string, number][] = [
      ['1m', 60_000],
      ['15m', 900_000],
      ['1h', 3_600_000],
      ['24h', 86_400_000],
      ['7d', 604_800_000],
      ['366d', 366 * 86_400_000],
      ['8784h', 366 * 86_400_000],
    ];
    for (const [text, ms] of valid) {
      it(`accepts ${text} as ${ms} ms`, () => {
        expect(parsePeriod(text, '1h')).to.deep.equal({ text, ms });
      });
    }

    it('allows exactly the maximum of 366 days', () => {
      expect(MAX_PERIOD_MS).to.equal(366 * 86_400_000);
      expect(parsePeriod('527040m', '1h').ms).to.equal(MAX_PERIOD_MS);
      expect(() => parsePeriod('527041m', '1h')).to.throw(ValidationError);
    });

    for (const fallback of ['1h', '24h', '15m']) {
      it(`falls back to ${fallback} when the parameter is absent`, () => {
        expect(parsePeriod(undefined, fallback)).to.deep.equal(parsePeriod(fallback, '1m'));
        expect(parsePeriod(undefined, fallback).text).to.equal(fallback);
      });
    }

    const invalid: { name: string; value: string | string[] }[] = [
      { name: 'letters', value: 'abc' },
      { name: 'zero', value: '0m' },
      { name: 'a negative period', value: '-1h' },
      { name: 'years', value: '1y' },
      { name: 'seconds', value: '30s' },
      { name: 'a huge number of days', value: '99999999999d' },
      { name: 'one day past the maximum', value: '367d' },
      { name: 'an empty string', value: '' },
      { name: 'a leading space', value: ' 1h' },
      { name: 'a trailing space', value: '1h ' },
      { name: 'a leading zero', value: '01h' },
      { name: 'a fraction', value: '1.5h' },
      { name: 'an upper-case unit', value: '1H' },
      { name: 'a long string', value: '1'.repeat(1_000) },
      { name: 'a repeated parameter', value: ['1h', '1h'] },
      { name: 'a repeated parameter of different values', value: ['1h', '24h'] },
      { name: 'an empty array', value: [] },
    ];
    for (const { name, value } of invalid) {
      it(`rejects ${name} with a 422 ValidationError`, () => {
        const error = rejection(value);
        expect(error).to.be.instanceOf(HttpError);
        expect(error.status).to.equal(422);
        expect(error.expose).to.equal(true);
        expect(error.name).to.equal('ValidationError');
        expect(error.message).to.match(/^period /);
      });
    }

    it('shows the bad value in the message', () => {
      expect(rejection('abc').message).to.include('"abc"');
      expect(rejection('367d').message).to.include('"367d"');
    });

    it('cuts a long bad value short in the message', () => {
      const message = rejection('x'.repeat(500)).message;
      expect(message).to.include(`"${'x'.repeat(40)}…"`);
      expect(message).not.to.include('x'.repeat(41));
    });

    for (const value of [['1h', '2h'], ['1h'], []]) {
      it(`says an array parameter ${JSON.stringify(value)} must be given once`, () => {
        expect(rejection(value).message).to.equal('period must be given at most once');
      });
    }
  });
});
