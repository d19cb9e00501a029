import { expect } from 'chai';
import { exemplarJson } from '../../../src/dashboard/queries/exemplarJson.js';
import { slowestQuery } from '../../../src/dashboard/queries/slowestQuery.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import { tiedExemplarTraffic } from '../../support/exemplarTraffic.js';
import { FakeClock, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';
import { snapshotViaJson } from '../../support/snapshotViaJson.js';
import { spanTraffic } from '../../support/spanTraffic.js';

describe('slowestQuery', () => {
  describe('scans the held exemplars without building them all', () => {
    const { store } = tiedExemplarTraffic();

    for (const [period, ms] of [
      ['30m', 30 * MINUTE],
      ['2h', 2 * HOUR],
      ['3h', 3 * HOUR],
    ] as const) {
      it(`lists, over ${period}, the same slowest requests as sorting all of them`, () => {
        const sinceMs = store.window(ms).sinceMs;
        const held = store
          .exemplarsSince(sinceMs, () => true)
          .sort((a, b) => b.durationMs - a.durationMs || b.timestampMs - a.timestampMs);
        const seen = new Set<string>();
        const expected = held
          .filter((e) => {
            const id = `${e.traceId}|${e.timestampMs}|${e.durationMs}|${e.endpoint}|${e.instance}`;
            if (seen.has(id)) return false;
            seen.add(id);
            return true;
          })
          .map(exemplarJson);
        for (const limit of [1, 7, 20, 100]) {
          const got = slowestQuery(store, period, ms, undefined, limit).requests;
          expect(got).to.deep.equal(expected.slice(0, limit));
        }
        const one = slowestQuery(store, period, ms, '/e2', 20).requests;
        expect(one).to.deep.equal(expected.filter((e) => e.endpoint === '/e2').slice(0, 20));
      });
    }
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
