import { expect } from 'chai';
import { overviewQuery } from '../../../src/dashboard/queries/overviewQuery.js';
import {
  UNROUTED_NOTICE_MIN_REQUESTS,
  unroutedCounts,
  unroutedNotice,
} from '../../../src/dashboard/queries/unroutedNotice.js';
import type { RequestRecord } from '../../../src/store/RequestRecord.js';
import { FakeClock, HOUR, T0 } from '../../support/fakeClock.js';
import { storeWith } from '../../support/queryFixtures.js';
import { request } from '../../support/records.js';

const context = {
  activeRequests: 0,
  saturation: {
    event_loop_delay_p99_ms: 0,
    event_loop_utilization: 0,
    heap_used_bytes: 0,
    rss_bytes: 0,
  },
  exporterDroppedSpans: 0,
};

/** `n` requests a second apart, ending just before the clock. */
function many(clock: FakeClock, n: number, overrides: Partial<RequestRecord>): RequestRecord[] {
  return Array.from({ length: n }, (_, i) => request(clock.ms - (n - i) * 1000, overrides));
}

describe('unroutedNotice', () => {
  const MIN = UNROUTED_NOTICE_MIN_REQUESTS;

  it(`speaks once ${MIN} answered requests in the last hour are unmatched and none has a template`, () => {
    const clock = new FakeClock(T0 + 2 * HOUR);
    const below = storeWith(clock, many(clock, MIN - 1, { endpoint: 'unmatched' }));
    expect(overviewQuery(below, context).route_notice).to.equal(null);
    const at = storeWith(clock, many(clock, MIN, { endpoint: 'unmatched' }));
    const notice = overviewQuery(at, context).route_notice;
    expect(notice).to.be.a('string');
    expect(notice).to.contain(`${MIN} answered requests`).and.contain('unmatched');
  });

  it('says nothing once any request has a template: the framework is recognised', () => {
    const clock = new FakeClock(T0 + 2 * HOUR);
    const recs = [
      ...many(clock, 3 * MIN, { endpoint: 'unmatched' }),
      request(clock.ms - 500, { endpoint: '/users/:id' }),
    ];
    expect(overviewQuery(storeWith(clock, recs), context).route_notice).to.equal(null);
  });

  it('does not count unknown paths (404s and other errors) as answered', () => {
    const clock = new FakeClock(T0 + 2 * HOUR);
    const recs = [
      ...many(clock, 3 * MIN, { endpoint: 'unmatched', statusCode: 404 }),
      ...many(clock, MIN - 1, { endpoint: 'unmatched', statusCode: 200 }),
    ];
    expect(unroutedCounts(storeWith(clock, recs).window(HOUR))).to.deep.equal({
      answeredUnrouted: MIN - 1,
      routed: 0,
    });
    expect(overviewQuery(storeWith(clock, recs), context).route_notice).to.equal(null);
  });

  it('looks at the last hour only', () => {
    const clock = new FakeClock(T0 + 3 * HOUR);
    const old = Array.from({ length: MIN }, (_, i) =>
      request(clock.ms - 2 * HOUR + i * 1000, { endpoint: 'unmatched' }),
    );
    expect(overviewQuery(storeWith(clock, old), context).route_notice).to.equal(null);
  });

  it('is null below the minimum and with any routed request', () => {
    expect(unroutedNotice({ answeredUnrouted: MIN - 1, routed: 0 })).to.equal(null);
    expect(unroutedNotice({ answeredUnrouted: 10 * MIN, routed: 1 })).to.equal(null);
    expect(unroutedNotice({ answeredUnrouted: MIN, routed: 0 })).to.match(/Hono/);
  });
});
