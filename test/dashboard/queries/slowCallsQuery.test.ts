import { expect } from 'chai';
import { slowCallsQuery } from '../../../src/dashboard/queries/slowCallsQuery.js';
import type { CallRecord } from '../../../src/store/dependencies/CallRecord.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import { FakeClock, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';

function call(ts: number, durationMs: number, over: Partial<CallRecord> = {}): CallRecord {
  return {
    timestampMs: ts,
    durationMs,
    kind: 'database',
    system: 'postgresql',
    dependency: 'postgresql app',
    operation: 'SELECT users',
    statement: 'SELECT * FROM users WHERE id = $1',
    error: false,
    traceId: Math.round(durationMs).toString(16).padStart(32, '0'),
    spanId: Math.round(durationMs).toString(16).padStart(16, '0'),
    ...over,
  };
}

describe('slowCallsQuery', () => {
  describe('#slowCallsQuery', () => {
    it('answers the window’s slowest calls as JSON, across minutes, of the sources asked for', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now, retentionMs: 24 * HOUR });
      store.recordCall(call(clock.set(T0 + 1_000), 30));
      store.recordCall(
        call(clock.set(T0 + 2_000), 500, {
          kind: 'http',
          system: 'http',
          dependency: '127.0.0.1:4000',
          operation: 'GET',
          statement: undefined,
          error: true,
          errorType: 'HTTP 503',
          statusCode: 503,
        }),
      );
      store.recordCall(call(clock.set(T0 + 3 * MINUTE), 70, { service: 'other', instance: 'b' }));
      clock.set(T0 + 10 * MINUTE);

      const all = slowCallsQuery(store, '1h', HOUR, {
        dependency: undefined,
        operation: undefined,
        limit: 20,
      });
      expect(all.calls.map((c) => c.duration_ms)).to.deep.equal([500, 70, 30]);
      expect(all.exact_until).to.equal(all.since);
      expect(all.calls[0]).to.deep.equal({
        timestamp: new Date(T0 + 2_000).toISOString(),
        duration_ms: 500,
        dependency: '127.0.0.1:4000',
        operation: 'GET',
        kind: 'http',
        system: 'http',
        statement: null,
        error: true,
        error_type: 'HTTP 503',
        status_code: 503,
        trace_id: (500).toString(16).padStart(32, '0'),
        span_id: (500).toString(16).padStart(16, '0'),
        service: store.localService,
        instance: store.localInstance,
      });
      expect(all.lists).to.include({ held: 6, dropped_calls: 0 });

      const other = slowCallsQuery(
        store,
        '1h',
        HOUR,
        { dependency: 'postgresql app', operation: 'SELECT users', limit: 1 },
        { service: 'other' },
      );
      expect(other).to.include({
        dependency: 'postgresql app',
        operation: 'SELECT users',
        limit: 1,
      });
      expect(other.calls.map((c) => [c.duration_ms, c.statement, c.instance])).to.deep.equal([
        [70, 'SELECT * FROM users WHERE id = $1', 'b'],
      ]);
      // A window that starts after them: nothing, and still exact.
      clock.set(T0 + 2 * HOUR);
      expect(
        slowCallsQuery(store, '15m', 15 * MINUTE, {
          dependency: undefined,
          operation: undefined,
          limit: 20,
        }).calls,
      ).to.deep.equal([]);
    });
  });
});
