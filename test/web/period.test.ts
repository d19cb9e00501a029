import { expect } from 'chai';
import {
  DEFAULT_PERIOD,
  isPeriod,
  PERIODS,
  periodFromSearch,
  periodInWords,
  periodMinutes,
  searchWithPeriod,
} from '../../web/period.js';

describe('web/period', () => {
  it('offers 15m, 1h, 6h, 24h and 7d, and 1h by default', () => {
    expect(PERIODS).to.deep.equal(['15m', '1h', '6h', '24h', '7d']);
    expect(DEFAULT_PERIOD).to.equal('1h');
  });

  describe('#periodFromSearch', () => {
    for (const p of PERIODS) {
      it(`reads ?period=${p}`, () => expect(periodFromSearch(`?period=${p}&x=1`)).to.equal(p));
    }
    for (const search of [
      '',
      '?',
      '?period=',
      '?period=2h',
      '?period=1H',
      '?period=abc',
      '?x=6h',
    ]) {
      it(`falls back to 1h for "${search}"`, () => expect(periodFromSearch(search)).to.equal('1h'));
    }
  });

  describe('#searchWithPeriod', () => {
    it('sets the period and keeps the other parameters', () => {
      expect(searchWithPeriod('?a=1&period=1h&b=2', '6h')).to.equal('?a=1&period=6h&b=2');
      expect(searchWithPeriod('', '7d')).to.equal('?period=7d');
      expect(searchWithPeriod('?a=x%20y', '15m')).to.equal('?a=x+y&period=15m');
    });
  });

  it('knows each period in minutes and in words', () => {
    expect(PERIODS.map(periodMinutes)).to.deep.equal([15, 60, 360, 1440, 10080]);
    expect(PERIODS.map(periodInWords)).to.deep.equal([
      'last 15 minutes',
      'last hour',
      'last 6 hours',
      'last 24 hours',
      'last 7 days',
    ]);
  });

  it('tells a period from anything else', () => {
    expect(isPeriod('24h')).to.equal(true);
    for (const v of ['24H', '2h', '', undefined, null, 15]) expect(isPeriod(v)).to.equal(false);
  });
});
