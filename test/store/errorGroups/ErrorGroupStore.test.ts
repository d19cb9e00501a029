import { expect } from 'chai';
import {
  ErrorGroupStore,
  type GroupCount,
} from '../../../src/store/errorGroups/ErrorGroupStore.js';
import type { Source } from '../../../src/store/Source.js';
import { DAY, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';

const SOURCE: Source = { service: 'shop', instance: 'w:1', recorded: 0, lastSeenMs: 0 };
const ALL = () => true;

/** Counts one error of `message` at `ts` (in its minute), when the store's minute is `current`. */
function error(
  store: ErrorGroupStore,
  ts: number,
  current: number,
  message = 'User 1 not found',
  statusCode = 404,
  endpoint = '/users/:id',
): void {
  const start = ts - (ts % MINUTE);
  store.record(SOURCE, endpoint, 'NotFound', message, statusCode, 'ab', ts, start, current);
}

/** One error a minute over `[from, to)`, advancing to each minute first as RequestStore does. */
function feed(store: ErrorGroupStore, from: number, to: number, retentionMs: number): void {
  for (let t = from; t < to; t += MINUTE) {
    store.advance(t, t - retentionMs);
    error(store, t + 1_000, t);
  }
}

const total = (counts: readonly GroupCount[]) => counts.reduce((sum, c) => sum + c.count, 0);

describe('ErrorGroupStore', () => {
  describe('#constructor', () => {
    it('rejects a limit below one', () => {
      expect(() => new ErrorGroupStore(MINUTE, DAY, 0)).to.throw(RangeError, /0/);
    });
  });

  describe('#record', () => {
    it('groups messages that differ only in their values, counting each status', () => {
      const store = new ErrorGroupStore(MINUTE, DAY);
      store.advance(T0, T0 - DAY);
      error(store, T0 + 1, T0, 'User 1 not found', 404);
      error(store, T0 + 2, T0, 'User 22 not found', 410);
      error(store, T0 + 3, T0, 'Cart "x" is empty', 404);
      const counts = store.counts(T0, T0, ALL);
      expect(counts.map((c) => [c.group.template, c.count])).to.deep.equal([
        ['User <n> not found', 2],
        ['Cart <str> is empty', 1],
      ]);
      expect([...(counts[0]?.statuses ?? [])]).to.deep.equal([
        [404, 1],
        [410, 1],
      ]);
      expect(store.size).to.equal(2);
    });

    it('counts errors past the group limit in the source`s other group', () => {
      const store = new ErrorGroupStore(MINUTE, DAY, 2);
      store.advance(T0, T0 - DAY);
      for (const endpoint of ['/a', '/b', '/c', '/d']) error(store, T0 + 1, T0, 'x', 500, endpoint);
      const counts = store.counts(T0, T0, ALL);
      expect(counts.map((c) => [c.group.other, c.count])).to.deep.equal([
        [false, 1],
        [false, 1],
        [true, 2],
      ]);
      expect(store.overflowed).to.equal(2);
    });
  });

  describe('#counts', () => {
    it('counts every error of a window that spans rolled-up hours and minutes', () => {
      const store = new ErrorGroupStore(MINUTE, 6 * HOUR);
      feed(store, T0, T0 + 3 * HOUR + 10 * MINUTE, 6 * HOUR);
      const current = T0 + 3 * HOUR + 9 * MINUTE;
      expect(total(store.counts(T0, current, ALL))).to.equal(3 * 60 + 10);
      expect(total(store.counts(T0 + HOUR, current, ALL))).to.equal(2 * 60 + 10);
      expect(total(store.counts(current - 4 * MINUTE, current, ALL))).to.equal(5);
      expect(store.counts(T0, current, ALL)[0]?.firstBucketMs).to.equal(T0);
    });

    it('counts a late error into its hour already rolled up', () => {
      const store = new ErrorGroupStore(MINUTE, 6 * HOUR);
      feed(store, T0, T0 + 2 * HOUR + 10 * MINUTE, 6 * HOUR);
      const current = T0 + 2 * HOUR + 9 * MINUTE;
      error(store, T0 + 30 * MINUTE, current);
      store.advance(current + MINUTE, current + MINUTE - 6 * HOUR);
      expect(total(store.counts(T0, current + MINUTE, ALL))).to.equal(2 * 60 + 10 + 1);
      expect(total(store.counts(T0 + HOUR, current + MINUTE, ALL))).to.equal(60 + 10);
    });

    it('leaves out the groups accept refuses', () => {
      const store = new ErrorGroupStore(MINUTE, DAY);
      feed(store, T0, T0 + 5 * MINUTE, DAY);
      expect(store.counts(T0, T0 + 4 * MINUTE, () => false)).to.deep.equal([]);
    });
  });

  describe('#advance', () => {
    it('evicts counts past the retention and forgets groups no longer seen', () => {
      const store = new ErrorGroupStore(MINUTE, 6 * HOUR);
      feed(store, T0, T0 + HOUR, 6 * HOUR);
      const later = T0 + 8 * HOUR;
      store.advance(later, later - 6 * HOUR);
      expect(store.counts(T0, later, ALL)).to.deep.equal([]);
      expect(store.size).to.equal(0);
    });

    it('keeps the counts within the retention', () => {
      const store = new ErrorGroupStore(MINUTE, 6 * HOUR);
      feed(store, T0, T0 + 9 * HOUR, 6 * HOUR);
      const current = T0 + 9 * HOUR - MINUTE;
      // Hours from 2:00 (six back from 8:00, still open) and the minutes of 8:xx.
      expect(total(store.counts(T0, current, ALL))).to.equal(7 * 60);
    });
  });

  describe('#toData', () => {
    it('restores into a store that counts the same', () => {
      const store = new ErrorGroupStore(MINUTE, 6 * HOUR);
      feed(store, T0, T0 + 2 * HOUR + 30 * MINUTE, 6 * HOUR);
      const current = T0 + 2 * HOUR + 29 * MINUTE;
      const data = JSON.parse(JSON.stringify(store.toData(() => 0)));
      const restored = new ErrorGroupStore(MINUTE, 6 * HOUR);
      restored.restore(data, () => SOURCE, current, current - 6 * HOUR);
      const shape = (c: GroupCount[]) => c.map((g) => [g.group.template, g.count, g.firstBucketMs]);
      expect(shape(restored.counts(T0, current, ALL))).to.deep.equal(
        shape(store.counts(T0, current, ALL)),
      );
    });
  });
});
