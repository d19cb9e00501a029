import { expect } from 'chai';
import { nearestExemplar } from '../../src/dashboard/queries/exemplarJson.js';
import { emptySketch, quantile } from '../../src/dashboard/queries/LatencySummary.js';
import { latencyQuery } from '../../src/dashboard/queries/latencyQuery.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { matchesSource, type SourceFilter } from '../../src/store/SourceFilter.js';
import { FakeClock, HOUR, MINUTE, T0 } from '../support/fakeClock.js';
import { request } from '../support/records.js';
import { lcgRandom } from '../support/seededRandom.js';

/** A trace id from a number. */
function traceOf(n: number): string {
  return n.toString(16).padStart(32, '0');
}

/** Records `minutes` of traffic on a few endpoints of two instances, ending at the clock's new time. */
function traffic(store: RequestStore, clock: FakeClock, minutes: number, seed: number): void {
  const draw = lcgRandom(seed);
  const end = clock.ms + minutes * MINUTE;
  for (let t = clock.ms; t < end; t += 3_000) {
    clock.set(t);
    for (let k = 0; k < 2; k++) {
      const e = Math.floor(draw() * 5);
      store.record(
        request(t, {
          endpoint: `/e${e}`,
          durationMs: Math.round(draw() * 300) + e,
          traceId: traceOf(Math.floor(draw() * 1e9) + 1),
          instance: k === 1 ? 'remote:1' : undefined,
        }),
      );
    }
  }
  clock.set(end + 20_000);
}

/**
 * The exemplars near p95 and p99, overall and per endpoint, found the slow
 * way: every held exemplar built, each endpoint's sketch merged from the
 * window's cover, and a plain search over all of them.
 */
function expectedExemplars(store: RequestStore, periodMs: number, filter: SourceFilter = {}) {
  const view = store.window(periodMs);
  const held = store.exemplarsSince(view.sinceMs, (key) => matchesSource(filter, key.source));
  const overall = emptySketch();
  const endpoints = new Set<string>();
  for (const bucket of view.cover()) {
    for (const key of bucket.endpoints)
      if (matchesSource(filter, key.source)) endpoints.add(key.endpoint);
  }
  const byEndpoint: Record<string, unknown> = {};
  for (const endpoint of endpoints) {
    const merged = emptySketch();
    for (const bucket of view.cover()) {
      bucket.endpoints.forEach((key, row) => {
        if (key.endpoint === endpoint && matchesSource(filter, key.source)) {
          bucket.mergeEndpointInto(row, merged);
        }
      });
    }
    overall.merge(merged);
    const mine = held.filter((e) => e.endpoint === endpoint);
    byEndpoint[endpoint] = {
      p95: nearestExemplar(mine, quantile(merged, 0.95)),
      p99: nearestExemplar(mine, quantile(merged, 0.99)),
    };
  }
  return {
    held: held.length,
    exemplars: {
      overall: {
        p95: nearestExemplar(held, quantile(overall, 0.95)),
        p99: nearestExemplar(held, quantile(overall, 0.99)),
      },
      by_endpoint: byEndpoint,
    },
  };
}

/** Asserts that the latency query's exemplars are the slow search's, and that there were some to find. */
function expectSameAsSearchOverAll(store: RequestStore, periodMs: number, filter?: SourceFilter) {
  const expected = expectedExemplars(store, periodMs, filter);
  expect(expected.held).to.be.greaterThan(0);
  expect(latencyQuery(store, 'p', periodMs, filter).exemplars).to.deep.equal(expected.exemplars);
}

describe('latencyQuery exemplar search', () => {
  describe('answers as a search over every held exemplar does', () => {
    it('after late records land in an hour already rolled up', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now, retentionMs: 6 * HOUR });
      traffic(store, clock, 150, 1);
      // Queries first, so every packed bucket's row ids are worked out before the late ones.
      expectSameAsSearchOverAll(store, 3 * HOUR);
      const before = latencyQuery(store, '3h', 3 * HOUR);
      // Very slow requests timed two hours ago: the nearest p99 pick must move to one of them.
      const lateStart = clock.ms - 2 * HOUR;
      for (let i = 0; i < 40; i++) {
        store.record(
          request(lateStart + i * 1_000, {
            endpoint: '/e1',
            durationMs: 5_000 + i,
            traceId: traceOf(0xabc00 + i),
          }),
        );
      }
      clock.advance(MINUTE);
      const after = latencyQuery(store, '3h', 3 * HOUR);
      expect(after.exemplars.by_endpoint['/e1']).to.not.deep.equal(
        before.exemplars.by_endpoint['/e1'],
      );
      expectSameAsSearchOverAll(store, 3 * HOUR);
      expectSameAsSearchOverAll(store, 30 * MINUTE);
    });

    it('after buckets are evicted, minutes rolled into hours and hours past the retention', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now, retentionMs: 3 * HOUR });
      traffic(store, clock, 120, 2);
      expectSameAsSearchOverAll(store, 3 * HOUR);
      traffic(store, clock, 150, 3);
      expectSameAsSearchOverAll(store, 3 * HOUR);
      expectSameAsSearchOverAll(store, 45 * MINUTE);
      clock.advance(2 * HOUR + 30 * MINUTE);
      traffic(store, clock, 5, 4);
      expectSameAsSearchOverAll(store, 3 * HOUR);
    });

    it('after a restore from a snapshot', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now, retentionMs: 6 * HOUR });
      traffic(store, clock, 200, 5);
      const answer = latencyQuery(store, '6h', 6 * HOUR);
      const restored = new RequestStore({ now: clock.now, retentionMs: 6 * HOUR });
      restored.restore(JSON.parse(JSON.stringify(store.toSnapshot())));
      expect(latencyQuery(restored, '6h', 6 * HOUR)).to.deep.equal(answer);
      expectSameAsSearchOverAll(restored, 6 * HOUR);
      traffic(restored, clock, 30, 6);
      expectSameAsSearchOverAll(restored, 6 * HOUR);
    });

    it('for one instance, and for the current minute before it is packed', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now });
      traffic(store, clock, 90, 7);
      // Into the current minute: held as live candidates, not yet packed.
      for (let i = 0; i < 30; i++) {
        store.record(
          request(clock.ms + i, { endpoint: '/e3', durationMs: 900 + i, traceId: traceOf(i + 7) }),
        );
      }
      expectSameAsSearchOverAll(store, HOUR);
      expectSameAsSearchOverAll(store, 2 * HOUR, { instance: 'remote:1' });
      expectSameAsSearchOverAll(store, 2 * HOUR, { service: 'unknown_service' });
    });

    it('when a window holds more endpoint keys than the key index numbers', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now });
      // 20 services x 13 instances x 64 endpoints: 16,640 keys in one minute, past the 16,384 limit.
      let n = 0;
      for (let s = 0; s < 20; s++) {
        for (let i = 0; i < 13; i++) {
          for (let e = 0; e < 64; e++) {
            n++;
            store.record(
              request(clock.ms + (n % 50_000), {
                endpoint: `/k${e}`,
                service: `svc${s}`,
                instance: `i${i}`,
                durationMs: (n * 7919) % 1000,
                traceId: traceOf(n),
              }),
            );
          }
        }
      }
      clock.advance(MINUTE);
      traffic(store, clock, 3, 8);
      expectSameAsSearchOverAll(store, 10 * MINUTE);
      // The index could not hold the window's keys even after starting over: the per-row path ran.
      expect(store.exemplars.keyIndexResets).to.be.greaterThan(0);
      expectSameAsSearchOverAll(store, 10 * MINUTE, { service: 'svc3' });
    });
  });
});
