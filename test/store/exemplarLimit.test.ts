import { expect } from 'chai';
import { slowestQuery } from '../../src/dashboard/queries/slowestQuery.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { FakeClock, MINUTE, T0 } from '../support/fakeClock.js';
import { request } from '../support/records.js';

/**
 * The exemplars' global limit: at it, the oldest buckets go to make room
 * for the newest (what a user drills into), and what goes is counted.
 */
describe('ExemplarStore limit', () => {
  const LIMIT = 600;
  const ENDPOINTS = 20;

  /** Three hours of a few requests a minute on each endpoint, one slow one per minute on /e0. */
  function filled(): { clock: FakeClock; store: RequestStore; slow: Map<number, string> } {
    const clock = new FakeClock(T0);
    const store = new RequestStore({ now: clock.now, exemplarLimit: LIMIT });
    const slow = new Map<number, string>();
    for (let m = 0; m < 180; m++) {
      const minute = T0 + m * MINUTE;
      clock.set(minute + 30_000);
      for (let e = 0; e < ENDPOINTS; e++) {
        for (let k = 0; k < 3; k++) {
          store.record(
            request(minute + 1_000 * (k + 1), { endpoint: `/e${e}`, durationMs: 10 + k }),
          );
        }
      }
      const traceId = (m + 1).toString(16).padStart(32, '0');
      slow.set(minute, traceId);
      store.record(request(minute + 20_000, { endpoint: '/e0', durationMs: 5_000, traceId }));
    }
    clock.set(T0 + 180 * MINUTE + 1_000);
    return { clock, store, slow };
  }

  it('never holds more than the limit, and counts what it lost', () => {
    const { store } = filled();
    expect(store.exemplars.held).to.be.at.most(LIMIT);
    expect(store.exemplars.dropped).to.be.greaterThan(0);
  });

  it('keeps the newest minutes: the last 5 minutes of slow requests are all listed', () => {
    const { store, slow } = filled();
    const got = slowestQuery(store, '5m', 5 * MINUTE, '/e0', 100).requests.filter(
      (r) => r.duration_ms === 5_000,
    );
    const expected = [...slow]
      .filter(([minute]) => minute >= T0 + 175 * MINUTE)
      .map(([, id]) => id)
      .sort();
    expect(got.map((r) => r.trace_id).sort()).to.deep.equal(expected);
  });
});
