import { expect } from 'chai';
import { RequestStore } from '../../src/store/RequestStore.js';
import {
  foldedStatus,
  isFoldedStatus,
  OTHER_ERROR_TYPE,
  OTHER_METHOD,
  SERIES_OVERFLOW_ALLOWANCE,
} from '../../src/store/seriesFolding.js';
import { checkStoreSnapshot } from '../../src/store/snapshot/StoreSnapshot.js';
import { DAY, FakeClock, MINUTE, T0 } from '../support/fakeClock.js';

const FLOOD = 100_000;
const LIMIT = 1_000;
const MINUTES = 20;

/** 100,000 distinct statuses: every HTTP one (100–599), then codes past 599 (server errors to the store). */
const statusOf = (i: number) => 100 + i;
/** The status class the store keeps a status in: 1 to 5, a code past 599 in 5. */
const classOf = (status: number) => Math.min(5, Math.max(1, Math.floor(status / 100)));

/** Requests per series key (endpoint, method, status, error type) over the whole retention. */
function countsBySeries(store: RequestStore): Map<string, number> {
  const counts = new Map<string, number>();
  for (const bucket of store.window(DAY).buckets) {
    bucket.series.forEach((s, row) => {
      const key = `${s.endpoint} ${s.method} ${s.statusCode} ${s.errorType}`;
      counts.set(key, (counts.get(key) ?? 0) + (bucket.counts[row] ?? 0));
    });
  }
  return counts;
}

describe('seriesFolding', () => {
  describe('foldedStatus', () => {
    it('keeps the class of a status, and the side of 400 and 500 of one out of range', () => {
      expect([100, 204, 304, 404, 503].map(foldedStatus)).to.deep.equal([199, 299, 399, 499, 599]);
      expect([0, 99, 600, 1_000].map(foldedStatus)).to.deep.equal([199, 199, 599, 599]);
      expect([199, 499, 599].every(isFoldedStatus)).to.equal(true);
      expect(isFoldedStatus(500)).to.equal(false);
    });
  });

  describe('100,000 distinct endpoints, methods, statuses and error types recorded in a store', () => {
    const clock = new FakeClock(T0 + 17 * MINUTE);
    const store = new RequestStore({ now: clock.now, seriesLimit: LIMIT });
    let errors = 0;
    let serverErrors = 0;
    let givenFoldValues = 0;
    const byClass = new Map<number, number>();
    before(() => {
      const start = clock.ms;
      for (let i = 0; i < FLOOD; i++) {
        // Spread over minutes, so closed buckets are packed with folded series too.
        clock.set(start + Math.floor((i * MINUTES * MINUTE) / FLOOD));
        const statusCode = statusOf(i);
        if (statusCode >= 400) errors++;
        if (statusCode >= 500) serverErrors++;
        if (isFoldedStatus(statusCode)) givenFoldValues++;
        const klass = classOf(statusCode);
        byClass.set(klass, (byClass.get(klass) ?? 0) + 1);
        store.record({
          timestampMs: clock.ms,
          durationMs: 1 + (i % 50),
          endpoint: `/e${i % 1_500}`,
          method: `M${i}`,
          statusCode,
          errorType: `Error${i}`,
        });
      }
    });

    it('holds the series to the limit plus the fixed allowance', () => {
      expect(store.seriesCount).to.be.at.most(LIMIT + SERIES_OVERFLOW_ALLOWANCE);
    });

    it('counts every request exactly once: totals, errors, server errors and each status class', () => {
      let count = 0;
      let errorCount = 0;
      let serverErrorCount = 0;
      const classes = new Map<number, number>();
      for (const bucket of store.window(DAY).buckets) {
        count += bucket.totals.count;
        errorCount += bucket.totals.errors;
        serverErrorCount += bucket.totals.serverErrors;
        bucket.series.forEach((s, row) => {
          const klass = classOf(s.statusCode);
          classes.set(klass, (classes.get(klass) ?? 0) + (bucket.counts[row] ?? 0));
        });
      }
      expect(store.totalRecorded).to.equal(FLOOD);
      expect(count).to.equal(FLOOD);
      expect(errorCount).to.equal(errors);
      expect(serverErrorCount).to.equal(serverErrors);
      expect(classes).to.deep.equal(byClass);
    });

    it('counts in each fold counter exactly the requests recorded under a fold value', () => {
      let otherMethod = 0;
      let otherType = 0;
      let foldStatus = 0;
      for (const [key, n] of countsBySeries(store)) {
        const [, method, status, type] = key.split(' ');
        if (method === OTHER_METHOD) otherMethod += n;
        if (type === OTHER_ERROR_TYPE) otherType += n;
        if (isFoldedStatus(Number(status))) foldStatus += n;
      }
      expect(store.foldedMethodRequests).to.be.greaterThan(0);
      expect(store.foldedMethodRequests).to.equal(otherMethod);
      expect(store.foldedErrorTypeRequests).to.equal(otherType);
      // Requests that came with a fold value of their own (199 … 599) were not folded.
      expect(store.foldedStatusRequests).to.equal(foldStatus - givenFoldValues);
      expect(store.overflowedRequests).to.be.greaterThan(0);
    });

    it('saves and restores the folded series, their counts and the fold counters', () => {
      const snapshot = checkStoreSnapshot(JSON.parse(JSON.stringify(store.toSnapshot())));
      const restored = new RequestStore({ now: clock.now, seriesLimit: LIMIT });
      restored.restore(snapshot);
      expect(restored.seriesCount).to.equal(store.seriesCount);
      expect(countsBySeries(restored)).to.deep.equal(countsBySeries(store));
      for (const counter of [
        'foldedMethodRequests',
        'foldedStatusRequests',
        'foldedErrorTypeRequests',
        'overflowedRequests',
      ] as const) {
        expect(restored[counter], counter).to.equal(store[counter]);
      }
    });
  });
});
