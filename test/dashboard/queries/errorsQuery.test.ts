import { expect } from 'chai';
import { errorsQuery, RECENT_ERRORS_SHOWN } from '../../../src/dashboard/queries/errorsQuery.js';
import type { RequestRecord } from '../../../src/store/RequestRecord.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import { DAY, FakeClock, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';
import { storeWith } from '../../support/queryFixtures.js';
import { request } from '../../support/records.js';

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
    expect(report.by_status).to.deep.equal({});
    expect(report.recent).to.deep.equal([]);
  });
});
