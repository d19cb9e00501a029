import { expect } from 'chai';
import { slowestQuery } from '../../../src/dashboard/queries/slowestQuery.js';
import type { EndpointKey } from '../../../src/store/EndpointKey.js';
import type { Exemplar } from '../../../src/store/exemplars/Exemplar.js';
import { type EndpointBins, ExemplarStore } from '../../../src/store/exemplars/ExemplarStore.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import type { Series } from '../../../src/store/Series.js';
import type { Source } from '../../../src/store/Source.js';
import { LiveRollup } from '../../../src/store/sketch/LiveRollup.js';
import { binOf } from '../../../src/store/sketch/sketchBins.js';
import { DAY, FakeClock, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';
import { request } from '../../support/records.js';

const SOURCE: Source = { service: 'shop', instance: 'w:1', recorded: 0, lastSeenMs: 0 };
const KEY: EndpointKey = { source: SOURCE, endpoint: '/items' };
const SERIES: Series = {
  source: SOURCE,
  key: KEY,
  endpoint: '/items',
  method: 'GET',
  statusCode: 200,
  errorType: '',
  index: 0,
  lastBucketStart: 0,
};
/** No hour's quantiles: an hour then keeps nothing (the slowest are the slowest store's). */
const NO_BINS: EndpointBins = () => new Map();

/** The hour's bin counts of what {@link feed} records with `durationOf`: one request a minute. */
function fedBins(durationOf: (minute: number) => number): EndpointBins {
  return (fromMs, toMs) => {
    const bins: number[] = [];
    for (let t = fromMs; t < toMs; t += MINUTE) bins.push(binOf(durationOf((t - T0) / MINUTE)));
    const lo = Math.min(...bins);
    const counts = new Float64Array(Math.max(...bins) - lo + 1);
    for (const b of bins) counts[b - lo] = (counts[b - lo] as number) + 1;
    return new Map([[KEY, { lo, counts, n: bins.length }]]);
  };
}
const ALL = () => true;

/**
 * Feeds `store` one request a minute over `[from, to)`, each `durationOf`
 * its minute's offset, advancing to each minute first as RequestStore does.
 */
function feed(
  store: ExemplarStore,
  from: number,
  to: number,
  durationOf: (minute: number) => number = () => 10,
): void {
  for (let t = from; t < to; t += MINUTE) {
    store.advance(t);
    const rollup = new LiveRollup();
    const durationMs = durationOf((t - T0) / MINUTE);
    rollup.add(durationMs);
    store.record(
      SERIES,
      request(t + 1_000, { durationMs, traceId: t.toString(16).padStart(32, '0') }),
      rollup,
    );
  }
}

const times = (list: readonly Exemplar[]) => list.map((e) => e.timestampMs);

/** Exemplars as plain fields, oldest first: a packed one reads the same as a live one. */
const plain = (list: readonly Exemplar[]) =>
  list
    .map((e) => ({
      timestampMs: e.timestampMs,
      durationMs: e.durationMs,
      statusCode: e.statusCode,
      method: e.method,
      traceId: e.traceId,
      endpoint: e.endpoint,
      service: e.service,
      instance: e.instance,
    }))
    .sort((a, b) => a.timestampMs - b.timestampMs);

describe('ExemplarStore', () => {
  describe('#constructor', () => {
    it('rejects a limit that is not a whole number >= 0', () => {
      expect(() => new ExemplarStore(MINUTE, DAY, NO_BINS, -1)).to.throw(RangeError, /-1/);
      expect(() => new ExemplarStore(MINUTE, DAY, NO_BINS, 1.5)).to.throw(RangeError);
    });
  });

  describe('#record', () => {
    it('keeps the first request of a bin, and says so', () => {
      const store = new ExemplarStore(MINUTE, DAY, NO_BINS);
      store.advance(T0);
      const rollup = new LiveRollup();
      const add = (durationMs: number) => {
        rollup.add(durationMs);
        return store.record(SERIES, request(T0 + 1, { durationMs }), rollup);
      };
      expect(add(100)).to.equal(true);
      // Same bin, even if slower: the slowest are the slowest store's.
      expect(add(100.5)).to.equal(false);
      expect(add(500)).to.equal(true);
    });
  });

  describe('#collect', () => {
    it('gives the current minute before it is packed, named by its endpoint and source', () => {
      const store = new ExemplarStore(MINUTE, DAY, NO_BINS);
      feed(store, T0, T0 + MINUTE);
      const [only] = store.collect(T0, T0, ALL);
      expect(only).to.include({ endpoint: '/items', service: 'shop', instance: 'w:1' });
      expect(store.held).to.equal(0);
    });

    it('gives the same exemplars once the minute is packed, and counts them held', () => {
      const store = new ExemplarStore(MINUTE, DAY, NO_BINS);
      feed(store, T0, T0 + 3 * MINUTE);
      const before = store.collect(T0, T0 + 2 * MINUTE, ALL);
      store.advance(T0 + 3 * MINUTE);
      expect(plain(store.collect(T0, T0 + 3 * MINUTE, ALL))).to.deep.equal(plain(before));
      expect(store.held).to.equal(3);
    });

    it('leaves out exemplars before sinceMs and rows accept refuses', () => {
      const store = new ExemplarStore(MINUTE, DAY, NO_BINS);
      feed(store, T0, T0 + 10 * MINUTE);
      const since = T0 + 5 * MINUTE;
      expect(times(store.collect(since, T0 + 9 * MINUTE, ALL)).every((t) => t >= since)).to.equal(
        true,
      );
      expect(store.collect(T0, T0 + 9 * MINUTE, () => false)).to.deep.equal([]);
    });
  });

  describe('#advance', () => {
    it('rolls an hour up from its minutes, keeping those nearest its quantiles, once the minutes are out of reach', () => {
      const durationOf = (m: number) => (m < 60 ? m + 1 : 1);
      const store = new ExemplarStore(MINUTE, 6 * HOUR, fedBins(durationOf));
      // Minute m of the first hour takes m + 1 ms: its p95 is 58 ms, its p99 and p99.9 60 ms.
      feed(store, T0, T0 + 3 * HOUR, durationOf);
      const current = T0 + 3 * HOUR - MINUTE;
      const firstHour = store
        .collect(T0, current, ALL)
        .filter((e) => e.timestampMs < T0 + HOUR)
        .map((e) => e.durationMs)
        .sort((a, b) => b - a);
      // p99 and p99.9 share one pick; the p95 pick is the one nearest its bin's value.
      expect(firstHour).to.have.length(2);
      expect(firstHour[0]).to.equal(60);
      expect(firstHour[1]).to.be.closeTo(58, 1);
    });

    it('evicts hours past the retention', () => {
      const store = new ExemplarStore(
        MINUTE,
        6 * HOUR,
        fedBins(() => 10),
      );
      feed(store, T0, T0 + 9 * HOUR);
      const current = T0 + 9 * HOUR - MINUTE;
      const held = times(store.collect(T0, current, ALL));
      expect(Math.min(...held)).to.be.at.least(T0 + 2 * HOUR);
      expect(Math.min(...held)).to.be.below(T0 + 3 * HOUR);
    });

    it('evicts everything after a pause longer than the retention', () => {
      const store = new ExemplarStore(MINUTE, 6 * HOUR, NO_BINS);
      feed(store, T0, T0 + 2 * HOUR);
      store.advance(T0 + DAY);
      expect(store.collect(T0, T0 + DAY, ALL)).to.deep.equal([]);
      expect(store.held).to.equal(0);
    });
  });

  describe('#scan', () => {
    it('visits what collect gives, in its order', () => {
      const store = new ExemplarStore(MINUTE, 6 * HOUR, NO_BINS);
      feed(store, T0, T0 + 2 * HOUR, (m) => (m % 7) + 1);
      const current = T0 + 2 * HOUR - MINUTE;
      const visited: Exemplar[] = [];
      store.scan(T0, current, ALL, (_key, _d, _ts, take, i) => visited.push(take(i)));
      expect(plain(visited)).to.deep.equal(plain(store.collect(T0, current, ALL)));
      expect(times(visited)).to.deep.equal(times(store.collect(T0, current, ALL)));
    });
  });

  describe('limit', () => {
    it('holds at most the limit, evicting the oldest and counting what goes', () => {
      const store = new ExemplarStore(MINUTE, 6 * HOUR, NO_BINS, 10);
      feed(store, T0, T0 + 30 * MINUTE);
      expect(store.held).to.equal(10);
      expect(store.dropped).to.equal(19);
      const held = times(store.collect(T0, T0 + 29 * MINUTE, ALL));
      expect(Math.min(...held)).to.equal(T0 + 19 * MINUTE + 1_000);
    });
  });

  describe('#toData', () => {
    it('restores into a store that answers the same', () => {
      const store = new ExemplarStore(MINUTE, 6 * HOUR, NO_BINS);
      feed(store, T0, T0 + 2 * HOUR + 5 * MINUTE, (m) => (m % 13) + 1);
      const current = T0 + 2 * HOUR + 4 * MINUTE;
      const data = JSON.parse(JSON.stringify(store.toData(() => 0)));
      const restored = new ExemplarStore(MINUTE, 6 * HOUR, NO_BINS);
      restored.restore(data, () => KEY, current);
      expect(plain(restored.collect(T0, current, ALL))).to.deep.equal(
        plain(store.collect(T0, current, ALL)),
      );
      expect(restored.held).to.equal(store.held);
    });
  });

  describe('limit, under a RequestStore', () => {
    // At the global limit the oldest buckets go to make room for the newest
    // (what a user drills into), and what goes is counted.
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
});
