import { expect } from 'chai';
import {
  dependenciesQuery,
  endpointTimeOf,
} from '../../../src/dashboard/queries/dependenciesQuery.js';
import type { CallRecord } from '../../../src/store/dependencies/CallRecord.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import { FakeClock, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';

const TRACE = (n: number) => n.toString(16).padStart(32, '0');

function pg(at: number, traceId: string, over: Partial<CallRecord> = {}): CallRecord {
  return {
    timestampMs: at,
    durationMs: 4,
    kind: 'database',
    system: 'postgresql',
    dependency: 'postgresql app',
    operation: 'SELECT users',
    statement: 'SELECT * FROM users WHERE id = $1',
    error: false,
    traceId,
    spanId: '1',
    ...over,
  };
}

function http(at: number, traceId: string, over: Partial<CallRecord> = {}): CallRecord {
  return {
    timestampMs: at,
    durationMs: 20,
    kind: 'http',
    system: 'http',
    dependency: '127.0.0.1:4000',
    operation: 'GET',
    error: false,
    traceId,
    spanId: '2',
    ...over,
  };
}

/**
 * A known workload: 50 requests of /orders, each with 3 PostgreSQL queries
 * (4 ms) and one fetch (20 ms, every tenth a 500); 10 requests of /n1 with
 * 25 calls of one statement; 5 background queries with no request.
 */
function workload(): { clock: FakeClock; store: RequestStore } {
  const clock = new FakeClock(T0 + HOUR);
  const store = new RequestStore({ now: clock.now, service: 'shop', instance: 'i-1' });
  let trace = 0;
  for (let r = 0; r < 50; r++) {
    const t = clock.advance(1_000);
    const id = TRACE(++trace);
    for (let i = 0; i < 3; i++) store.recordCall(pg(t - 80 + i * 10, id));
    store.recordCall(
      http(t - 10, id, r % 10 === 0 ? { error: true, statusCode: 500, errorType: 'HTTP 500' } : {}),
    );
    store.record({
      timestampMs: t,
      durationMs: 100,
      endpoint: '/orders',
      method: 'GET',
      statusCode: 200,
      traceId: id,
    });
  }
  for (let r = 0; r < 10; r++) {
    const t = clock.advance(1_000);
    const id = TRACE(++trace);
    for (let i = 0; i < 25; i++) {
      store.recordCall(
        pg(t - 40, id, {
          durationMs: 1,
          operation: 'SELECT items',
          statement: 'SELECT id FROM items WHERE id = $1',
        }),
      );
    }
    store.record({
      timestampMs: t,
      durationMs: 50,
      endpoint: '/n1',
      method: 'GET',
      statusCode: 200,
      traceId: id,
    });
  }
  for (let i = 0; i < 5; i++) store.recordCall(pg(clock.ms, ''));
  return { clock, store };
}

describe('dependenciesQuery', () => {
  it('counts calls, errors and latency per dependency and operation, exactly', () => {
    const { store } = workload();
    const report = dependenciesQuery(store, '1h', HOUR);
    expect(report.total_calls).to.equal(50 * 4 + 250 + 5);
    expect(report.errors).to.equal(5);
    expect(report.endpoint).to.equal(null);
    const [first, second] = report.dependencies;
    expect(first).to.deep.include({
      dependency: 'postgresql app',
      kind: 'database',
      system: 'postgresql',
      calls: 405,
      errors: 0,
    });
    expect(first?.operations.map((o) => [o.operation, o.calls])).to.deep.equal([
      ['SELECT items', 250],
      ['SELECT users', 155],
    ]);
    expect(first?.operations[1]?.latency_ms).to.deep.equal({
      p50: 4,
      p95: 4,
      p99: 4,
      avg: 4,
      max: 4,
    });
    expect(second).to.deep.include({
      dependency: '127.0.0.1:4000',
      kind: 'http',
      calls: 50,
      errors: 5,
      error_rate: 0.1,
    });
    expect(report.unattributed_calls).to.equal(5);
    expect(report.dropped).to.deep.equal({ folded_calls: 0, unjoined_calls: 0 });
  });

  it('says how each endpoint spends its time: calls per request, time and share', () => {
    const { store } = workload();
    const report = dependenciesQuery(store, '1h', HOUR);
    const orders = report.endpoints.find((e) => e.endpoint === '/orders');
    expect(orders?.requests).to.equal(50);
    expect(orders?.dependencies).to.deep.equal([
      {
        dependency: '127.0.0.1:4000',
        calls: 50,
        calls_per_request: 1,
        time_ms: 1000,
        time_share: 0.2,
      },
      {
        dependency: 'postgresql app',
        calls: 150,
        calls_per_request: 3,
        time_ms: 600,
        time_share: 0.12,
      },
    ]);
    const n1 = report.endpoints.find((e) => e.endpoint === '/n1');
    expect(n1?.dependencies[0]).to.deep.include({ calls: 250, calls_per_request: 25 });
  });

  it('flags N+1 with the statement, the requests, the most calls and a trace', () => {
    const { store } = workload();
    const [found, ...rest] = dependenciesQuery(store, '1h', HOUR).n_plus_one;
    expect(rest).to.deep.equal([]);
    expect(found).to.deep.include({
      endpoint: '/n1',
      dependency: 'postgresql app',
      statement: 'SELECT id FROM items WHERE id = $1',
      requests: 10,
      max_calls_per_request: 25,
    });
    expect(found?.trace_id).to.match(/^[0-9a-f]{32}$/);
  });

  it("with endpoint=, shows only the calls of that endpoint's requests", () => {
    const { store } = workload();
    const report = dependenciesQuery(store, '1h', HOUR, {}, '/orders');
    expect(report.endpoint).to.equal('/orders');
    expect(report.total_calls).to.equal(200);
    expect(report.dependencies.map((d) => [d.dependency, d.calls, d.errors])).to.deep.equal([
      ['postgresql app', 150, 0],
      ['127.0.0.1:4000', 50, 5],
    ]);
    expect(report.endpoints.map((e) => e.endpoint)).to.deep.equal(['/orders']);
    expect(report.n_plus_one).to.deep.equal([]);
    expect(endpointTimeOf(store, '1h', HOUR, {}, '/orders')).to.deep.equal([
      {
        dependency: '127.0.0.1:4000',
        calls_per_request: 1,
        time_ms_per_request: 20,
        time_share: 0.2,
      },
      {
        dependency: 'postgresql app',
        calls_per_request: 3,
        time_ms_per_request: 12,
        time_share: 0.12,
      },
    ]);
  });

  it('filters by service and instance, and answers zeros for an empty window', () => {
    const { store, clock } = workload();
    expect(dependenciesQuery(store, '1h', HOUR, { service: 'other' }).total_calls).to.equal(0);
    expect(
      dependenciesQuery(store, '1h', HOUR, { service: 'shop', instance: 'i-1' }).total_calls,
    ).to.equal(455);
    clock.advance(3 * HOUR);
    const empty = dependenciesQuery(store, '15m', 15 * MINUTE);
    expect(empty).to.deep.include({
      total_calls: 0,
      errors: 0,
      dependencies: [],
      endpoints: [],
      n_plus_one: [],
    });
  });
});
