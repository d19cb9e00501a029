import { expect } from 'chai';
import {
  failedStatusTable,
  sloWindowFigures,
} from '../../../src/dashboard/queries/sloWindowFigures.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import { ALL_SOURCES } from '../../../src/store/SourceFilter.js';
import { FakeClock, HOUR, T0 } from '../../support/fakeClock.js';
import { request } from '../../support/records.js';

describe('sloWindowFigures', () => {
  const clock = new FakeClock(T0 + 30_000);
  const store = new RequestStore({ now: clock.now });
  // Service a: /predict 4 × 200, 1 × 500, 2 × 429; /other 1 × 404 at 900 ms. Service b: /predict 1 × 503.
  const a = { service: 'a', instance: 'a1' };
  for (const statusCode of [200, 200, 200, 200, 500, 429, 429]) {
    store.record(request(clock.ms, { ...a, endpoint: '/predict', statusCode }));
  }
  store.record(request(clock.ms, { ...a, endpoint: '/other', statusCode: 404, durationMs: 900 }));
  store.record(
    request(clock.ms, { service: 'b', instance: 'b1', endpoint: '/predict', statusCode: 503 }),
  );

  describe('failedStatusTable', () => {
    it('marks every 5xx, and only the 4xx asked for', () => {
      const table = failedStatusTable([429]);
      expect([200, 404, 429, 499, 500, 599].map((s) => table[s])).to.deep.equal([0, 0, 1, 0, 1, 1]);
    });
  });

  it('counts failures over every source, and per route asked for', () => {
    const f = sloWindowFigures(store.window(HOUR), ALL_SOURCES, failedStatusTable([]), [
      '/predict',
      '/none',
    ]);
    expect(f.all).to.include({ count: 9, failed: 2 });
    expect(f.all.latency.count).to.equal(9);
    expect(f.routes.get('/predict')).to.include({ count: 8, failed: 2 });
    expect(f.routes.get('/predict')?.latency.max).to.equal(10);
    expect(f.routes.get('/none')).to.include({ count: 0, failed: 0 });
  });

  it('answers the same from the bucket totals when nothing needs the series rows', () => {
    const f = sloWindowFigures(store.window(HOUR), ALL_SOURCES, failedStatusTable([]), []);
    expect(f.all).to.include({ count: 9, failed: 2 });
    expect(f.all.latency.count).to.equal(9);
    expect(f.routes.size).to.equal(0);
  });

  it('reads only the sources the filter passes, with the bad 4xx', () => {
    const f = sloWindowFigures(store.window(HOUR), { service: 'a' }, failedStatusTable([429]), [
      '/predict',
    ]);
    expect(f.all).to.include({ count: 8, failed: 3 });
    expect(f.all.latency.max).to.equal(900);
    expect(f.routes.get('/predict')).to.include({ count: 7, failed: 3 });
    expect(f.routes.get('/predict')?.latency.count).to.equal(7);
  });
});
