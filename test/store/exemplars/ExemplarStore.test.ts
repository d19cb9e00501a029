import { expect } from 'chai';
import type { EndpointKey } from '../../../src/store/EndpointKey.js';
import type { Exemplar } from '../../../src/store/exemplars/Exemplar.js';
import {
  type EndpointBins,
  EXEMPLAR_SLOWEST_PER_HOUR,
  ExemplarStore,
} from '../../../src/store/exemplars/ExemplarStore.js';
import type { Series } from '../../../src/store/Series.js';
import type { Source } from '../../../src/store/Source.js';
import { LiveRollup } from '../../../src/store/sketch/LiveRollup.js';
import { DAY, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';
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
/** No hour's quantiles: an hour then keeps its slowest alone. */
const NO_BINS: EndpointBins = () => new Map();
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
    it('keeps the first request of a bin and the slowest, and says so', () => {
      const store = new ExemplarStore(MINUTE, DAY, NO_BINS);
      store.advance(T0);
      const rollup = new LiveRollup();
      const add = (durationMs: number) => {
        rollup.add(durationMs);
        return store.record(SERIES, request(T0 + 1, { durationMs }), rollup);
      };
      expect(add(100)).to.equal(true);
      expect(add(100)).to.equal(true); // the second slowest
      expect(add(100)).to.equal(false); // same bin, not slower
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
    it('rolls an hour up from its minutes, keeping its slowest, once the minutes are out of reach', () => {
      const store = new ExemplarStore(MINUTE, 6 * HOUR, NO_BINS);
      // Minute m of the first hour takes m ms: its slowest are the last minutes.
      feed(store, T0, T0 + 3 * HOUR, (m) => (m < 60 ? m + 1 : 1));
      const current = T0 + 3 * HOUR - MINUTE;
      const firstHour = store
        .collect(T0, current, ALL)
        .filter((e) => e.timestampMs < T0 + HOUR)
        .map((e) => e.durationMs)
        .sort((a, b) => b - a);
      expect(firstHour).to.deep.equal(
        Array.from({ length: EXEMPLAR_SLOWEST_PER_HOUR }, (_, i) => 60 - i),
      );
    });

    it('evicts hours past the retention', () => {
      const store = new ExemplarStore(MINUTE, 6 * HOUR, NO_BINS);
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
});
