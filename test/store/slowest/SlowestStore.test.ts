import { expect } from 'chai';
import type { RequestRecord } from '../../../src/store/RequestRecord.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import { FakeClock, MINUTE, T0 } from '../../support/fakeClock.js';

const rec = (
  ts: number,
  endpoint: string,
  durationMs: number,
  instance: string,
): RequestRecord => ({
  timestampMs: ts,
  durationMs,
  endpoint,
  method: 'GET',
  statusCode: 200,
  service: 'svc',
  instance,
  traceId: `${instance === 'a' ? 'a' : 'b'}${String(durationMs).padStart(31, '0')}`,
});

describe('SlowestStore', () => {
  describe('#slowest', () => {
    it('reads one endpoint or all, of the sources asked for, live minute and held ones', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now });
      for (let m = 0; m < 3; m++) {
        for (let j = 0; j < 30; j++) {
          const ts = clock.set(T0 + m * MINUTE + j * 1000);
          store.record(rec(ts, j % 2 === 0 ? '/x' : '/y', 100 * m + j, j % 3 === 0 ? 'a' : 'b'));
        }
      }
      const ask = (endpoint: string | undefined, instance?: string) =>
        store
          .slowestSince({
            sinceMs: T0,
            endpoint,
            acceptSource: (s) => instance === undefined || s.instance === instance,
            limit: 3,
          })
          .requests.map((r) => [r.key.endpoint, r.key.source.instance, r.durationMs]);
      expect(ask(undefined)).to.deep.equal([
        ['/y', 'b', 229],
        ['/x', 'b', 228],
        ['/y', 'a', 227],
      ]);
      expect(ask('/x')).to.deep.equal([
        ['/x', 'b', 228],
        ['/x', 'b', 226],
        ['/x', 'a', 224],
      ]);
      expect(ask('/x', 'a')).to.deep.equal([
        ['/x', 'a', 224],
        ['/x', 'a', 218],
        ['/x', 'a', 212],
      ]);
    });
  });
});
