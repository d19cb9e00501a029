import { expect } from 'chai';
import { slowestQuery } from '../../../src/dashboard/queries/slowestQuery.js';
import type { RequestRecord } from '../../../src/store/RequestRecord.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import { keptDuration } from '../../../src/store/sketch/nanosecondGrid.js';
import { FakeClock, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';
import { seededRandom } from '../../support/seededRandom.js';
import { snapshotViaJson } from '../../support/snapshotViaJson.js';
import { spanTraffic } from '../../support/spanTraffic.js';

describe('slowestQuery', () => {
  describe('is exact: the true N slowest of any window', () => {
    const ENDPOINTS = ['/predict', '/a', '/b', '/c'];
    /** Two hours of traffic: one slow request a minute, and one busy minute of /predict. */
    function plantedTraffic(): { clock: FakeClock; store: RequestStore; all: RequestRecord[] } {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now, retentionMs: 24 * HOUR });
      const random = seededRandom(22);
      const used = new Set<number>();
      // Distinct durations, on the store's nanosecond grid, so the order is one.
      const duration = (from: number, span: number): number => {
        for (;;) {
          const d = keptDuration(from + Math.floor(random() * span * 1000) / 1000);
          if (!used.has(d)) {
            used.add(d);
            return d;
          }
        }
      };
      const all: RequestRecord[] = [];
      let traces = 0;
      const record = (ts: number, endpoint: string, durationMs: number): void => {
        clock.set(ts);
        const rec: RequestRecord = {
          timestampMs: ts,
          durationMs,
          endpoint,
          method: 'POST',
          statusCode: 200,
          traceId: (++traces).toString(16).padStart(32, '0'),
        };
        store.record(rec);
        all.push(rec);
      };
      const busy = T0 + 70 * MINUTE;
      for (let m = 0; m < 120; m++) {
        const start = T0 + m * MINUTE;
        const requests = start === busy ? 200 : 12;
        const slowAt = Math.floor(random() * requests);
        for (let j = 0; j < requests; j++) {
          const ts = start + Math.floor((j * MINUTE) / requests);
          const endpoint = start === busy ? '/predict' : (ENDPOINTS[j % 4] as string);
          // One planted slow request a minute; in the busy minute 20 of its 200.
          const slow = start === busy ? j % 10 === 3 : j === slowAt;
          record(ts, endpoint, slow ? duration(500, 1500) : duration(1, 100));
        }
      }
      clock.set(T0 + 120 * MINUTE + 30_000);
      return { clock, store, all };
    }

    const expectExact = (store: RequestStore, all: readonly RequestRecord[], what: string) => {
      for (const [period, ms] of [
        ['15m', 15 * MINUTE],
        ['1h', HOUR],
        ['6h', 6 * HOUR],
        ['24h', 24 * HOUR],
      ] as const) {
        const sinceMs = store.window(ms).sinceMs;
        const inWindow = all
          .filter((r) => r.timestampMs >= sinceMs)
          .sort((a, b) => b.durationMs - a.durationMs);
        for (const [endpoint, limits] of [
          [undefined, [5, 20, 100]],
          ['/predict', [5, 20]],
        ] as const) {
          for (const limit of limits) {
            const report = slowestQuery(store, period, ms, endpoint, limit);
            const expected = inWindow
              .filter((r) => endpoint === undefined || r.endpoint === endpoint)
              .slice(0, limit);
            const label = `${what} ${period} ${endpoint ?? 'all'} limit ${limit}`;
            expect(
              report.requests.map((r) => r.trace_id),
              label,
            ).to.deep.equal(expected.map((r) => r.traceId));
            expect(
              report.requests.map((r) => r.duration_ms),
              label,
            ).to.deep.equal(expected.map((r) => Math.round(r.durationMs * 100) / 100));
            expect(report.exact_until, label).to.equal(report.since);
            expect(report.exact_limit, label).to.equal(limit);
          }
        }
      }
    };

    it('lists the N slowest of 15m, 1h, 6h and 24h as a sort of every request does', () => {
      const { store, all } = plantedTraffic();
      expectExact(store, all, 'live');
    });

    it('lists the same after a snapshot is saved and restored', () => {
      const { clock, store, all } = plantedTraffic();
      const restored = new RequestStore({ now: clock.now, retentionMs: 24 * HOUR });
      restored.restore(snapshotViaJson(store.toSnapshot()));
      expectExact(restored, all, 'restored');
    });

    it('stays exact as the window moves on and the clock passes the hour', () => {
      const { clock, store, all } = plantedTraffic();
      clock.advance(3 * HOUR);
      expectExact(store, all, 'later');
    });
  });

  describe('over real spans: the slow request of each minute', () => {
    it('lists exactly the one slow request of each minute, with its trace id', () => {
      const clock = new FakeClock(T0);
      const { store, slow } = spanTraffic(clock, 30, 120);
      const report = slowestQuery(store, '1h', HOUR, undefined, 30);
      expect(report.requests.map((r) => r.trace_id)).to.deep.equal(slow.map((s) => s.traceId));
      expect(report.requests.map((r) => r.duration_ms)).to.deep.equal(
        slow.map((s) => Math.round(s.durationMs * 100) / 100),
      );
      expect(
        report.requests.every((r) => r.endpoint === '/predict' && r.method === 'GET'),
      ).to.equal(true);
      // A smaller limit keeps the slowest ones; an endpoint with no traffic has none.
      expect(
        slowestQuery(store, '1h', HOUR, '/predict', 5).requests.map((r) => r.trace_id),
      ).to.deep.equal(slow.slice(0, 5).map((s) => s.traceId));
      expect(slowestQuery(store, '1h', HOUR, '/other', 5).requests).to.deep.equal([]);
    });

    it('still lists them a day later from the hour buckets, and after a restore', () => {
      const clock = new FakeClock(T0);
      const { store, slow } = spanTraffic(clock, 3 * 60, 30, 24 * HOUR);
      clock.advance(2 * HOUR);
      const report = slowestQuery(store, '24h', 24 * HOUR, undefined, 5);
      // Each hour keeps its five slowest: the five slowest of the day are all in the last hour.
      expect(report.requests.map((r) => r.trace_id)).to.deep.equal(
        slow.slice(0, 5).map((s) => s.traceId),
      );
      const restored = new RequestStore({ now: clock.now, retentionMs: 24 * HOUR });
      restored.restore(snapshotViaJson(store.toSnapshot()));
      expect(slowestQuery(restored, '24h', 24 * HOUR, undefined, 5)).to.deep.equal(report);
    });
  });
});
