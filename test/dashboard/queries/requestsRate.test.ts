import { expect } from 'chai';
import { requestsQuery } from '../../../src/dashboard/queries/requestsQuery.js';
import { DAY, FakeClock, MINUTE, T0 } from '../../support/fakeClock.js';
import { storeWith } from '../../support/queryFixtures.js';
import { request } from '../../support/records.js';

describe('requestsQuery', () => {
  describe('#requests_per_minute (the rate over the time covered)', () => {
    /** The real rate of the data: 1,000 requests a minute. */
    const RATE = 1_000;
    // Ten minutes of data, begun 20 s into a minute (as a restart would), read a day after T0.
    const start = T0 + DAY + 4 * 60 * MINUTE + 52 * MINUTE + 20_000;
    const clock = new FakeClock(start + 10 * MINUTE);
    const records = Array.from({ length: 10 * RATE }, (_, i) =>
      request(start + Math.floor((i * 10 * MINUTE) / (10 * RATE))),
    );
    const store = storeWith(clock, records);

    it('gives the real rate of a 24 h period holding ten minutes of data, within 10%', () => {
      const report = requestsQuery(store, '24h', DAY);
      expect(report.total).to.equal(10 * RATE);
      expect(report.requests_per_minute).to.be.within(RATE * 0.9, RATE * 1.1);
      // Not the day's average, which the page showed before: 6.9/min.
      expect(report.total / (24 * 60)).to.be.below(RATE / 100);
    });

    it('says since when: the first minute with data, and the seconds it covers', () => {
      const report = requestsQuery(store, '24h', DAY);
      expect(report.first_request_at).to.equal(new Date(start - 20_000).toISOString());
      expect(report.covered_seconds).to.equal(10 * 60 + 20);
    });

    it('gives the same rate for every period that holds the whole data', () => {
      for (const [text, ms] of [
        ['15m', 15 * MINUTE],
        ['1h', 60 * MINUTE],
        ['7d', 7 * DAY],
      ] as const) {
        expect(requestsQuery(store, text, ms).requests_per_minute, text).to.be.within(
          RATE * 0.9,
          RATE * 1.1,
        );
      }
    });

    it('gives null and no start without requests, never 0/min of nothing', () => {
      const empty = storeWith(new FakeClock(T0 + DAY), []);
      const report = requestsQuery(empty, '24h', DAY);
      expect(report.requests_per_minute).to.equal(null);
      expect(report.first_request_at).to.equal(null);
      expect(report.covered_seconds).to.equal(0);
    });
  });
});
