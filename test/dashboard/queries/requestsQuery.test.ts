import { expect } from 'chai';
import {
  MAX_BY_MINUTE_POINTS,
  requestsQuery,
} from '../../../src/dashboard/queries/requestsQuery.js';
import { MAX_TIMESERIES_POINTS } from '../../../src/dashboard/queries/timeSteps.js';
import type { RequestRecord } from '../../../src/store/RequestRecord.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import { DAY, FakeClock, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';
import { ISO_TIME, MINUTE_KEY, NICE_STEP_SECONDS, storeWith } from '../../support/queryFixtures.js';
import { request } from '../../support/records.js';

describe('requestsQuery', () => {
  const now = T0 + 2 * HOUR + 30_000;
  /** Twelve requests in the last hour, inserted least-frequent first, and two older ones. */
  const records: RequestRecord[] = [
    request(now - 3 * HOUR, { endpoint: '/predict', method: 'POST' }),
    request(now - HOUR - MINUTE, { endpoint: '/predict', method: 'POST' }),
    request(now - 50 * MINUTE, { endpoint: '/items', statusCode: 404 }),
    ...[1, 2, 3].map((i) => request(now - i * MINUTE, { endpoint: '/health' })),
    request(now - 40 * MINUTE, { endpoint: '/predict', method: 'POST', statusCode: 500 }),
    ...[1, 2].map((i) =>
      request(now - i * 1000, { endpoint: '/predict', method: 'POST', statusCode: 422 }),
    ),
    ...[1, 2, 3, 4, 5].map((i) =>
      request(now - i * 7 * MINUTE, { endpoint: '/predict', method: 'POST' }),
    ),
  ];

  it('totals and breaks down the requests in the window', () => {
    const clock = new FakeClock(now);
    const store = new RequestStore({ now: clock.now });
    // Only those within the retention: the first is 3 h old, fine with 24 h.
    for (const rec of records) store.record(rec);
    const report = requestsQuery(store, '1h', HOUR);
    expect(report.period).to.equal('1h');
    expect(report.since).to.equal('2024-01-01T01:00:00.000Z');
    expect(report.total).to.equal(12);
    expect(report.by_method).to.deep.equal({ GET: 4, POST: 8 });
  });

  it('sorts by_endpoint by count, highest first', () => {
    const store = storeWith(new FakeClock(now), records);
    const report = requestsQuery(store, '1h', HOUR);
    expect(Object.entries(report.by_endpoint)).to.deep.equal([
      ['/predict', 8],
      ['/health', 3],
      ['/items', 1],
    ]);
  });

  it('lists each endpoint’s methods, busiest first', () => {
    const store = storeWith(new FakeClock(now), [
      ...records,
      request(now - MINUTE, { endpoint: '/items', method: 'PUT' }),
      request(now - MINUTE, { endpoint: '/items', method: 'PUT' }),
      request(now - MINUTE, { endpoint: '/items', method: 'DELETE' }),
    ]);
    const report = requestsQuery(store, '1h', HOUR);
    expect(report.methods_by_endpoint).to.deep.equal({
      '/predict': ['POST'],
      '/health': ['GET'],
      '/items': ['PUT', 'DELETE', 'GET'],
    });
  });

  it('sorts by_status by status code, ascending', () => {
    const store = storeWith(new FakeClock(now), records);
    const report = requestsQuery(store, '1h', HOUR);
    expect(Object.entries(report.by_status)).to.deep.equal([
      ['200', 8],
      ['404', 1],
      ['422', 2],
      ['500', 1],
    ]);
  });

  it('answers zeros and empty breakdowns for an empty store', () => {
    const store = new RequestStore({ now: () => now });
    const report = requestsQuery(store, '15m', 15 * MINUTE);
    expect(report.total).to.equal(0);
    expect(report.by_endpoint).to.deep.equal({});
    expect(report.by_status).to.deep.equal({});
    expect(report.by_method).to.deep.equal({});
    expect(report.methods_by_endpoint).to.deep.equal({});
    expect(report.by_minute).to.deep.equal([]);
    expect(report.timeseries.points).to.have.length(16);
    for (const point of report.timeseries.points) {
      expect(point.count).to.equal(0);
      expect(point.errors).to.equal(0);
      expect(point.server_errors).to.equal(0);
    }
  });

  it('lists by_minute for non-empty minutes only, at most 60, oldest first', () => {
    const clock = new FakeClock(T0 + 3 * HOUR + 45_000);
    const recs: RequestRecord[] = [];
    const perMinute = new Map<number, number>();
    for (let m = 0; m <= 180; m++) {
      if (m % 10 === 0) continue; // leave every tenth minute empty
      const n = (m % 3) + 1;
      perMinute.set(T0 + m * MINUTE, n);
      for (let i = 0; i < n; i++) recs.push(request(T0 + m * MINUTE + i * 1000));
    }
    const store = storeWith(clock, recs);
    const report = requestsQuery(store, '24h', DAY);
    const expected = [...perMinute].slice(-MAX_BY_MINUTE_POINTS).map(([start, count]) => ({
      timestamp: `${new Date(start).toISOString().slice(0, 16)}:00Z`,
      count,
    }));
    expect(MAX_BY_MINUTE_POINTS).to.equal(60);
    expect(report.by_minute).to.have.length(60);
    expect(report.by_minute).to.deep.equal(expected);
    // Counting back from minute 179 over the empty tenths, the 60th is minute 114.
    expect(report.by_minute[0]?.timestamp).to.equal('2024-01-01T01:54:00Z');
    expect(report.by_minute.at(-1)?.timestamp).to.equal('2024-01-01T02:59:00Z');
    for (const point of report.by_minute) {
      expect(point.timestamp).to.match(MINUTE_KEY);
      expect(point.count).to.be.above(0);
    }
    expect(report.total).to.equal(recs.length);
  });

  it('lists fewer than 60 minutes when fewer have requests', () => {
    const clock = new FakeClock(T0 + HOUR);
    const store = storeWith(clock, [request(T0 + 5 * MINUTE + 59_999), request(T0 + 6 * MINUTE)]);
    expect(requestsQuery(store, '1h', HOUR).by_minute).to.deep.equal([
      { timestamp: '2024-01-01T00:05:00Z', count: 1 },
      { timestamp: '2024-01-01T00:06:00Z', count: 1 },
    ]);
  });

  // Now is 30 s into a minute, 8.5 days after T0; a request every 7 minutes, every 5th a 500,
  // every 3rd of the others a 404.
  const tsNow = T0 + 8 * DAY + 12 * HOUR + 30_000;
  const tsRecords: RequestRecord[] = [];
  for (let t = tsNow - 7 * DAY - HOUR; t <= tsNow; t += 7 * MINUTE) {
    const i = tsRecords.length;
    const statusCode = i % 5 === 0 ? 500 : i % 3 === 0 ? 404 : 200;
    tsRecords.push(request(t, { statusCode }));
  }
  const timeseriesCases = [
    { period: '1m', periodMs: MINUTE, retentionMs: DAY, step: 60, points: 2 },
    { period: '15m', periodMs: 15 * MINUTE, retentionMs: DAY, step: 60, points: 16 },
    { period: '1h', periodMs: HOUR, retentionMs: DAY, step: 60, points: 61 },
    { period: '6h', periodMs: 6 * HOUR, retentionMs: DAY, step: 300, points: 73 },
    { period: '24h', periodMs: DAY, retentionMs: DAY, step: 900, points: 97 },
    { period: '7d', periodMs: 7 * DAY, retentionMs: DAY, step: 900, points: 97 },
    { period: '7d', periodMs: 7 * DAY, retentionMs: 7 * DAY, step: 7200, points: 85 },
    { period: '366d', periodMs: 366 * DAY, retentionMs: 7 * DAY, step: 7200, points: 85 },
  ];
  for (const { period, periodMs, retentionMs, step, points } of timeseriesCases) {
    it(`spans the whole ${period} window in ${step} s steps (retention ${retentionMs / HOUR} h)`, () => {
      const clock = new FakeClock(tsNow);
      const store = new RequestStore({ now: clock.now, retentionMs });
      for (const rec of tsRecords) store.record(rec);
      const report = requestsQuery(store, period, periodMs);
      const { step_seconds, points: series } = report.timeseries;
      expect(step_seconds).to.equal(step);
      expect(NICE_STEP_SECONDS).to.include(step_seconds);
      expect(series).to.have.length(points);
      expect(series.length).to.be.at.most(MAX_TIMESERIES_POINTS + 1);

      const starts = series.map((p) => Date.parse(p.timestamp));
      const sinceMs = Date.parse(report.since);
      const stepMs = step_seconds * 1000;
      expect(starts[0]).to.be.at.most(sinceMs);
      expect((starts[0] as number) + stepMs).to.be.above(sinceMs);
      expect(starts.at(-1)).to.be.at.most(tsNow);
      expect((starts.at(-1) as number) + stepMs).to.be.above(tsNow);
      for (let i = 1; i < starts.length; i++) {
        expect((starts[i] as number) - (starts[i - 1] as number)).to.equal(stepMs);
      }
      for (const p of series) expect(p.timestamp).to.match(ISO_TIME);

      // Exact totals: every record whose minute is in the window, no other.
      const inWindow = tsRecords.filter((r) => store.bucketStartOf(r.timestampMs) >= sinceMs);
      const errors = inWindow.filter((r) => r.statusCode >= 400).length;
      const serverErrors = inWindow.filter((r) => r.statusCode >= 500).length;
      expect(report.total).to.equal(inWindow.length);
      expect(series.reduce((n, p) => n + p.count, 0)).to.equal(inWindow.length);
      expect(series.reduce((n, p) => n + p.errors, 0)).to.equal(errors);
      expect(series.reduce((n, p) => n + p.server_errors, 0)).to.equal(serverErrors);
      for (const p of series) expect(p.server_errors).to.be.at.most(p.errors);
      expect(sinceMs).to.equal(
        Math.max(store.bucketStartOf(tsNow - periodMs), store.bucketStartOf(tsNow) - retentionMs),
      );
    });
  }
});
