import { expect } from 'chai';
import { UNROUTED_NOTICE_MIN_REQUESTS } from '../../src/dashboard/queries/unroutedNotice.js';
import { watchUnrouted } from '../../src/dashboard/watchUnrouted.js';
import { InternalErrors } from '../../src/guard/InternalErrors.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { FakeClock, HOUR, T0 } from '../support/fakeClock.js';
import { request } from '../support/records.js';

/** A long period: the tests call `check` themselves. */
const NEVER_BY_TIMER = 3_600_000;

describe('watchUnrouted', () => {
  const setUp = () => {
    const clock = new FakeClock(T0 + HOUR);
    const store = new RequestStore({ now: clock.now });
    const said: string[] = [];
    const guard = new InternalErrors({ warn: (m) => said.push(`guard: ${m}`) });
    const watch = watchUnrouted(store, (m) => said.push(m), guard, NEVER_BY_TIMER);
    const record = (n: number, endpoint: string) => {
      for (let i = 0; i < n; i++) store.record(request(clock.ms - 1000, { endpoint }));
    };
    return { store, said, guard, watch, record };
  };

  it('says it once when requests keep landing in unmatched, then stops looking', () => {
    const { said, watch, record } = setUp();
    record(UNROUTED_NOTICE_MIN_REQUESTS - 1, 'unmatched');
    expect(watch.check()).to.equal(true);
    expect(said).to.deep.equal([]);
    record(1, 'unmatched');
    expect(watch.check()).to.equal(false);
    expect(said).to.have.length(1);
    expect(said[0]).to.contain('unmatched');
    record(UNROUTED_NOTICE_MIN_REQUESTS, 'unmatched');
    watch.check();
    expect(said).to.have.length(1);
  });

  it('stops for good, silent, once a request has a template', () => {
    const { said, watch, record } = setUp();
    record(1, '/users/:id');
    expect(watch.check()).to.equal(false);
    record(10 * UNROUTED_NOTICE_MIN_REQUESTS, 'unmatched');
    expect(watch.check()).to.equal(false);
    expect(said).to.deep.equal([]);
  });

  it('counts a failure of its own under unrouted.check and stops', () => {
    const { said, guard, watch, store } = setUp();
    store.window = () => {
      throw new Error('window broke');
    };
    expect(watch.check()).to.equal(false);
    expect(guard.bySite['unrouted.check']).to.equal(1);
    expect(said.join()).to.contain('window broke');
  });

  it('does nothing after stop', () => {
    const { said, watch, record } = setUp();
    watch.stop();
    record(10 * UNROUTED_NOTICE_MIN_REQUESTS, 'unmatched');
    expect(watch.check()).to.equal(false);
    expect(said).to.deep.equal([]);
  });
});
