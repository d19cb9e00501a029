import { expect } from 'chai';
import { errorsQuery, RECENT_ERRORS_SHOWN } from '../../../src/dashboard/queries/errorsQuery.js';
import type { RequestRecord } from '../../../src/store/RequestRecord.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import { spanToRequest } from '../../../src/telemetry/spanToRequest.js';
import { DAY, FakeClock, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';
import { storeWith } from '../../support/queryFixtures.js';
import { request } from '../../support/records.js';
import { serverSpan } from '../../support/spanTraffic.js';

describe('errorsQuery', () => {
  const now = T0 + 3 * HOUR + 20_000;
  const error = (ts: number, o: Partial<RequestRecord>): RequestRecord =>
    request(ts, { method: 'POST', endpoint: '/predict', statusCode: 500, ...o });
  const records: RequestRecord[] = [
    // Two hours old: outside a 1h window.
    error(now - 2 * HOUR, { errorType: 'OldError', errorMessage: 'old' }),
    request(now - 2 * HOUR),
    // In the window, the least frequent kinds first, so sorting shows.
    request(now - 55 * MINUTE, { endpoint: '/nope', statusCode: 404 }),
    ...Array.from({ length: 20 }, (_, i) => request(now - 50 * MINUTE + i)),
    error(now - 45 * MINUTE, {
      statusCode: 422,
      errorType: 'ValidationError',
      errorMessage: 'v1',
    }),
    error(now - 44 * MINUTE, {
      statusCode: 422,
      errorType: 'ValidationError',
      errorMessage: 'v2',
    }),
    error(now - 40 * MINUTE, { errorType: 'ModelError', errorMessage: 'm1', traceId: 't1' }),
    error(now - 30 * MINUTE, { errorType: 'ModelError', errorMessage: 'm2', traceId: 't2' }),
    error(now - 20 * MINUTE, { statusCode: 503, errorType: 'ModelError', errorMessage: 'm3' }),
  ];

  it('counts errors exactly by type, endpoint and status', () => {
    const report = errorsQuery(storeWith(new FakeClock(now), records), '1h', HOUR);
    expect(report.period).to.equal('1h');
    expect(report.since).to.equal('2024-01-01T02:00:00.000Z');
    expect(report.total_requests).to.equal(26);
    expect(report.total_errors).to.equal(6);
    expect(report.total_server_errors).to.equal(3);
    expect(report.error_rate).to.equal(0.2308);
    expect(report.server_error_rate).to.equal(0.1154);
    expect(report.by_type).to.deep.equal({ ModelError: 3, ValidationError: 2, 'HTTP 404': 1 });
    expect(Object.entries(report.by_endpoint)).to.deep.equal([
      ['/predict', 5],
      ['/nope', 1],
    ]);
    // 5xx apart: the 422s and the 404 are not server errors.
    expect(Object.entries(report.server_errors_by_endpoint)).to.deep.equal([['/predict', 3]]);
    expect(Object.entries(report.by_status)).to.deep.equal([
      ['404', 1],
      ['422', 2],
      ['500', 2],
      ['503', 1],
    ]);
  });

  it('sorts by_type by count, highest first, numeric error types included', () => {
    // An error without a type counts as 'HTTP 404', never a bare '404': a plain object
    // lists integer-like keys first, whatever the insertion order.
    const report = errorsQuery(storeWith(new FakeClock(now), records), '1h', HOUR);
    expect(Object.entries(report.by_type)).to.deep.equal([
      ['ModelError', 3],
      ['ValidationError', 2],
      ['HTTP 404', 1],
    ]);
  });

  it('sorts by_type by count, highest first', () => {
    const recs = [
      error(now - 3 * MINUTE, { errorType: 'Rare' }),
      ...Array.from({ length: 3 }, () => error(now - 2 * MINUTE, { errorType: 'Common' })),
      ...Array.from({ length: 2 }, () => error(now - MINUTE, { errorType: 'Middling' })),
    ];
    const report = errorsQuery(storeWith(new FakeClock(now), recs), '1h', HOUR);
    expect(Object.entries(report.by_type)).to.deep.equal([
      ['Common', 3],
      ['Middling', 2],
      ['Rare', 1],
    ]);
  });

  it('lists recent errors in the window, newest first, with their detail', () => {
    const report = errorsQuery(storeWith(new FakeClock(now), records), '1h', HOUR);
    expect(report.recent.map((e) => e.message)).to.deep.equal(['m3', 'm2', 'm1', 'v2', 'v1', '']);
    expect(report.recent[0]).to.deep.equal({
      timestamp: new Date(now - 20 * MINUTE).toISOString(),
      endpoint: '/predict',
      method: 'POST',
      error_type: 'ModelError',
      message: 'm3',
      status_code: 503,
      trace_id: '',
      span_id: '',
      service: 'unknown_service',
      instance: 'local',
    });
    expect(report.recent[1]).to.deep.include({ error_type: 'ModelError', trace_id: 't2' });
    expect(report.recent[5]).to.deep.include({ endpoint: '/nope', error_type: 'HTTP 404' });
    const wider = errorsQuery(storeWith(new FakeClock(now), records), '24h', DAY);
    expect(wider.recent.map((e) => e.message).at(-1)).to.equal('old');
    expect(wider.by_type).to.deep.include({ OldError: 1 });
  });

  it(`lists at most ${RECENT_ERRORS_SHOWN} recent errors`, () => {
    const clock = new FakeClock(T0 + HOUR);
    const recs = Array.from({ length: 25 }, (_, i) =>
      error(T0 + 30 * MINUTE + i * 1000, { errorMessage: `e${i}` }),
    );
    const report = errorsQuery(storeWith(clock, recs), '1h', HOUR);
    expect(RECENT_ERRORS_SHOWN).to.equal(10);
    expect(report.recent.map((e) => e.message)).to.deep.equal(
      Array.from({ length: 10 }, (_, k) => `e${24 - k}`),
    );
    expect(report.total_errors).to.equal(25);
    expect(report.by_status).to.deep.equal({ '500': 25 });
  });

  it('answers zeros for a window without requests', () => {
    const report = errorsQuery(new RequestStore({ now: () => now }), '24h', DAY);
    expect(report).to.deep.include({
      total_requests: 0,
      total_errors: 0,
      total_server_errors: 0,
      error_rate: 0,
      server_error_rate: 0,
    });
    expect(report.by_type).to.deep.equal({});
    expect(report.by_endpoint).to.deep.equal({});
    expect(report.server_errors_by_endpoint).to.deep.equal({});
    expect(report.by_status).to.deep.equal({});
    expect(report.recent).to.deep.equal([]);
  });

  describe('error groups', () => {
    it('groups messages that differ only in ids, with the exact count', () => {
      const clock = new FakeClock(T0 + 30 * MINUTE);
      const store = new RequestStore({ now: clock.now });
      let n = 0;
      for (let m = 0; m < 30; m++) {
        for (let i = 0; i < 7; i++) {
          const message = `User ${100 + n} not found`;
          const span = serverSpan(T0 + m * MINUTE + i * 1000, 5, '/users/:id', 404, message);
          store.record(spanToRequest(span) as RequestRecord);
          n++;
        }
        store.record(
          request(T0 + m * MINUTE, {
            statusCode: 500,
            errorType: 'DbError',
            errorMessage: `query 'SELECT ${m}' failed on 0x${m}f`,
          }),
        );
      }
      const report = errorsQuery(store, '1h', HOUR);
      const users = report.groups.find((g) => g.endpoint === '/users/:id');
      expect(users).to.deep.include({
        error_type: 'NotFoundError',
        template: 'User <n> not found',
        count: 210,
        statuses: { '404': 210 },
        other: false,
        first_seen: new Date(T0).toISOString(),
        last_seen: new Date(T0 + 29 * MINUTE + 6000).toISOString(),
      });
      expect(users?.sample_trace_id).to.match(/^[0-9a-f]{32}$/);
      const db = report.groups.find((g) => g.error_type === 'DbError');
      expect(db).to.deep.include({ template: 'query <str> failed on <hex>', count: 30 });
      expect(report.groups.reduce((s, g) => s + g.count, 0)).to.equal(report.total_errors);
      // Exact over a shorter window too.
      const last10 = errorsQuery(store, '10m', 10 * MINUTE).groups.find(
        (g) => g.endpoint === '/users/:id',
      );
      expect(last10?.count).to.equal(7 * 10);
    });

    it('caps the groups and counts the rest in "other"', () => {
      const clock = new FakeClock(T0 + 5 * MINUTE);
      const store = new RequestStore({ now: clock.now, errorGroupLimit: 50 });
      const words = (i: number) =>
        i.toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)] as string);
      for (let i = 0; i < 10_000; i++) {
        store.record(
          request(T0 + (i % 5) * MINUTE, {
            statusCode: 500,
            errorType: 'Boom',
            errorMessage: `failed ${words(i)}`,
          }),
        );
      }
      const report = errorsQuery(store, '1h', HOUR);
      expect(report.groups.filter((g) => !g.other)).to.have.length(50);
      const other = report.groups.find((g) => g.other);
      expect(other?.count).to.equal(10_000 - 50);
      expect(report.groups_limit).to.equal(50);
      expect(report.groups_overflowed_errors).to.equal(10_000 - 50);
      expect(report.groups.reduce((s, g) => s + g.count, 0)).to.equal(10_000);
    });
  });
});
