import { expect } from 'chai';
import { badStatusesOf } from '../../src/slo/badStatusesOf.js';

const fail = (message: string) => new Error(message);

describe('badStatusesOf', () => {
  it('reads none when unset, empty or none', () => {
    for (const value of [undefined, '', ' ', 'none']) {
      expect(badStatusesOf({ GOLDEN_SIGNALS_SLO_BAD_STATUSES: value }, fail)).to.deep.equal([]);
    }
  });

  it('sorts the statuses and drops repeats', () => {
    const env = { GOLDEN_SIGNALS_SLO_BAD_STATUSES: '429, 408,429' };
    expect(badStatusesOf(env, fail)).to.deep.equal([408, 429]);
  });

  it('reads 4xx as every client error, 400 to 499', () => {
    const all = badStatusesOf({ GOLDEN_SIGNALS_SLO_BAD_STATUSES: '429,4xx' }, fail);
    expect(all).to.have.length(100);
    expect([all[0], all.at(-1)]).to.deep.equal([400, 499]);
  });

  for (const value of ['500', '5xx', '399', '4290', 'abc', '429,', 'all']) {
    it(`rejects ${JSON.stringify(value)}, naming the variable and what it got`, () => {
      expect(() => badStatusesOf({ GOLDEN_SIGNALS_SLO_BAD_STATUSES: value }, fail))
        .to.throw(Error, /^GOLDEN_SIGNALS_SLO_BAD_STATUSES must be 4xx status codes/)
        .with.property('message')
        .that.includes(`got: ${value}`);
    });
  }
});
