import { expect } from 'chai';
import { latencyQuery } from '../../src/dashboard/queries/latencyQuery.js';
import { overviewQuery } from '../../src/dashboard/queries/overviewQuery.js';
import { requestsQuery } from '../../src/dashboard/queries/requestsQuery.js';
import { type AggregateRecord, AggregateStore } from '../../src/store/AggregateStore.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { DAY, FakeClock, HOUR, MINUTE, T0 } from '../support/fakeClock.js';

const CONTEXT = {
  activeRequests: 0,
  saturation: {
    event_loop_delay_p99_ms: 0,
    event_loop_utilization: 0,
    heap_used_bytes: 0,
    rss_bytes: 0,
  },
  exporterDroppedSpans: 0,
};

function aggregate(over: Partial<AggregateRecord>): AggregateRecord {
  return {
    timestampMs: T0,
    endpoint: '/a',
    method: 'GET',
    statusCode: 200,
    service: 'shop',
    instance: 'i-1',
    count: 3,
    sumMs: 60,
    valuesMs: [10, 20, 30],
    weights: [1, 1, 1],
    ...over,
  };
}

describe('AggregateStore', () => {
  describe('#recordAggregate', () => {
    it('answers the queries exactly as the same requests recorded one by one', () => {
      const clock = new FakeClock(T0 + 2 * HOUR + 30_000);
      const bulk = new AggregateStore({ now: clock.now });
      const single = new RequestStore({ now: clock.now });
      const durations = [12, 12, 12, 40, 40, 250];
      const at = T0 + 2 * HOUR - 10 * MINUTE;
      bulk.recordAggregate(
        aggregate({
          timestampMs: at,
          count: 6,
          sumMs: 366,
          valuesMs: [12, 40, 250],
          weights: [3, 2, 1],
        }),
      );
      bulk.recordAggregate(
        aggregate({
          timestampMs: at,
          statusCode: 500,
          errorType: 'Boom',
          count: 1,
          sumMs: 5,
          valuesMs: [5],
          weights: [1],
        }),
      );
      for (const d of durations) {
        single.record({
          timestampMs: at,
          durationMs: d,
          endpoint: '/a',
          method: 'GET',
          statusCode: 200,
          service: 'shop',
          instance: 'i-1',
        });
      }
      single.record({
        timestampMs: at,
        durationMs: 5,
        endpoint: '/a',
        method: 'GET',
        statusCode: 500,
        errorType: 'Boom',
        service: 'shop',
        instance: 'i-1',
      });
      const { by_minute: _a, ...fromBulk } = requestsQuery(bulk, '1h', HOUR);
      const { by_minute: _b, ...fromSingle } = requestsQuery(single, '1h', HOUR);
      expect(fromBulk).to.deep.equal(fromSingle);
      const { exemplars: _c, ...latencyBulk } = latencyQuery(bulk, '1h', HOUR);
      const { exemplars: _d, ...latencySingle } = latencyQuery(single, '1h', HOUR);
      expect(latencyBulk).to.deep.equal(latencySingle);
      const overview = overviewQuery(bulk, CONTEXT);
      expect(overview.requests_last_hour).to.equal(7);
      expect(overview.avg_response_time_ms).to.equal(round2(371 / 7));
    });

    it('files an old aggregate in the hour that holds it, past the fine span', () => {
      const clock = new FakeClock(T0 + 8 * DAY);
      const store = new AggregateStore({ now: clock.now, retentionMs: 9 * DAY });
      expect(
        store.recordAggregate(
          aggregate({
            timestampMs: T0 + 2 * DAY + 90 * MINUTE,
            count: 5,
            valuesMs: [10],
            weights: [5],
            sumMs: 50,
          }),
        ),
      ).to.equal(true);
      expect(requestsQuery(store, '7d', 7 * DAY).total).to.equal(5);
      expect(requestsQuery(store, '24h', DAY).total).to.equal(0);
    });

    it('drops, and counts as requests, an aggregate older than the retention', () => {
      const clock = new FakeClock(T0 + 3 * HOUR);
      const store = new AggregateStore({ now: clock.now, retentionMs: HOUR });
      expect(store.recordAggregate(aggregate({ timestampMs: T0 }))).to.equal(false);
      expect(store.droppedTooOld).to.equal(3);
    });
  });
});

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
