import { expect } from 'chai';
import { dependenciesQuery } from '../../../src/dashboard/queries/dependenciesQuery.js';
import type { CallTarget } from '../../../src/store/dependencies/CallBucket.js';
import type { CallRecord } from '../../../src/store/dependencies/CallRecord.js';
import { type CallRow, CallRowKind } from '../../../src/store/dependencies/CallRow.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import type { RequestStoreOptions } from '../../../src/store/RequestStoreOptions.js';
import { LiveRollup } from '../../../src/store/sketch/LiveRollup.js';
import { DAY, FakeClock, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';

const TRACE = (n: number) => n.toString(16).padStart(32, '0');

/** A call to PostgreSQL (or `over` it), finished at `at`. */
function call(at: number, over: Partial<CallRecord> = {}): CallRecord {
  return {
    timestampMs: at,
    durationMs: 2,
    kind: 'database',
    system: 'postgresql',
    dependency: 'postgresql app',
    operation: 'SELECT users',
    statement: 'SELECT * FROM users WHERE id = $1',
    error: false,
    traceId: TRACE(1),
    spanId: '1',
    ...over,
  };
}

/** Per row of a kind, keyed `endpoint|dependency|operation`: calls, errors, sum and max over the window. */
function rowsOf(store: RequestStore, sinceMs: number, kind: CallRowKind) {
  const out = new Map<string, { calls: number; errors: number; sum: number; max: number }>();
  const targets = new Map<string, CallTarget>();
  const losses = store.callsSince(sinceMs, (row: CallRow) => {
    if (row.rowKind !== kind) return undefined;
    const key = `${row.endpoint}|${row.dependency}|${row.operation}`;
    let t = targets.get(key);
    if (t === undefined) {
      t = { latency: new LiveRollup(), errors: 0 };
      targets.set(key, t);
    }
    return t;
  });
  for (const [key, t] of targets) {
    out.set(key, {
      calls: t.latency.count,
      errors: t.errors,
      sum: t.latency.sum,
      max: t.latency.count === 0 ? 0 : t.latency.max,
    });
  }
  return { rows: out, losses };
}

function newStore(clock: FakeClock, options: RequestStoreOptions = {}): RequestStore {
  return new RequestStore({ now: clock.now, ...options });
}

/** A request of `endpoint` that started `durationMs` before `at`. */
function request(
  store: RequestStore,
  at: number,
  traceId: string,
  durationMs = 100,
  endpoint = '/orders',
) {
  store.record({
    timestampMs: at,
    durationMs,
    endpoint,
    method: 'GET',
    statusCode: 200,
    traceId,
  });
}

describe('DependencyStore (through RequestStore)', () => {
  describe('#recordCall', () => {
    it('counts calls and errors exactly per dependency and operation, over minutes and hours', () => {
      const clock = new FakeClock(T0);
      const store = newStore(clock);
      let expected = 0;
      let errors = 0;
      for (let m = 0; m < 150; m++) {
        for (let i = 0; i < 7; i++) {
          const error = i === 0 && m % 10 === 0;
          store.recordCall(call(clock.ms, { error, durationMs: 1 + i, traceId: '' }));
          expected++;
          if (error) errors++;
        }
        store.recordCall(call(clock.ms, { operation: 'INSERT orders', traceId: '' }));
        clock.advance(MINUTE);
      }
      const { rows, losses } = rowsOf(store, T0, CallRowKind.Dependency);
      expect(rows.get('|postgresql app|SELECT users')).to.deep.include({
        calls: expected,
        errors,
        max: 7,
      });
      expect(rows.get('|postgresql app|SELECT users')?.sum).to.equal(150 * 28);
      expect(rows.get('|postgresql app|INSERT orders')?.calls).to.equal(150);
      expect(store.dependencies.recordedCalls).to.equal(150 * 8);
      // Calls with no trace have no request: unattributed, still counted above.
      expect(losses.unattributed).to.equal(150 * 8);
      // The last half hour only.
      expect(
        rowsOf(store, clock.ms - 30 * MINUTE, CallRowKind.Dependency).rows.get(
          '|postgresql app|INSERT orders',
        )?.calls,
      ).to.equal(30);
    });

    it('forgets calls past the retention and drops older ones, counted', () => {
      const clock = new FakeClock(T0);
      const store = newStore(clock, { retentionMs: 2 * HOUR });
      store.recordCall(call(clock.ms, { traceId: '' }));
      clock.advance(3 * HOUR);
      expect(rowsOf(store, T0, CallRowKind.Dependency).rows.size).to.equal(0);
      expect(store.dependencies.rowCount).to.equal(0);
      expect(store.recordCall(call(T0))).to.equal(false);
      expect(store.droppedTooOld).to.equal(1);
    });

    it('takes a late call into its minute and its hour already rolled up', () => {
      const clock = new FakeClock(T0 + 10 * MINUTE);
      const store = newStore(clock);
      store.recordCall(call(clock.ms, { traceId: '' }));
      clock.set(T0 + 2 * HOUR + 5 * MINUTE);
      store.recordCall(call(T0 + 20 * MINUTE, { traceId: '' }));
      const whole = rowsOf(store, T0, CallRowKind.Dependency).rows.get(
        '|postgresql app|SELECT users',
      );
      expect(whole?.calls).to.equal(2);
      const minutes = rowsOf(store, T0 + 15 * MINUTE, CallRowKind.Dependency).rows;
      expect(minutes.get('|postgresql app|SELECT users')?.calls).to.equal(1);
    });
  });

  describe('endpoint shares past two hours', () => {
    it('keeps dependency counts exact per minute, and reads the shares of a longer window from its first whole hour', () => {
      const clock = new FakeClock(T0 + 30 * MINUTE);
      const store = newStore(clock);
      // One request a minute for five hours, each making two calls.
      for (let m = 0; m < 300; m++) {
        const t = clock.ms + 30_000;
        store.recordCall(call(t - 50, { durationMs: 10, traceId: TRACE(m + 1) }));
        store.recordCall(call(t - 30, { durationMs: 10, traceId: TRACE(m + 1) }));
        request(store, t, TRACE(m + 1));
        clock.advance(MINUTE);
      }
      const since = T0 + 45 * MINUTE;
      const deps = rowsOf(store, since, CallRowKind.Dependency);
      // Every call from the window's first minute on, exactly.
      expect(deps.rows.get('|postgresql app|SELECT users')?.calls).to.equal(2 * (300 - 15));
      const shares = rowsOf(store, since, CallRowKind.EndpointShare);
      expect(shares.losses.sharesSinceMs).to.equal(T0 + HOUR);
      expect(shares.rows.get('/orders|postgresql app|SELECT users')?.calls).to.equal(
        2 * (300 - 30),
      );
      // Within two hours the shares are exact per minute.
      const recent = rowsOf(store, clock.ms - 90 * MINUTE, CallRowKind.EndpointShare);
      expect(recent.losses.sharesSinceMs).to.equal(clock.ms - 90 * MINUTE);
      expect(recent.rows.get('/orders|postgresql app|SELECT users')?.calls).to.equal(2 * 90);
    });

    it('answers the endpoints over the same span as their shares: calls per request stay exact', () => {
      const clock = new FakeClock(T0 + 30 * MINUTE);
      const store = newStore(clock);
      for (let m = 0; m < 300; m++) {
        const t = clock.ms + 30_000;
        for (let k = 0; k < 3; k++)
          store.recordCall(call(t - 50 + k, { durationMs: 1, traceId: TRACE(m + 1) }));
        request(store, t, TRACE(m + 1));
        clock.advance(MINUTE);
      }
      // From 01:30: every call since then, and the endpoints from 02:00 on.
      const report = dependenciesQuery(store, '4h', 4 * HOUR);
      expect(report.since).to.equal(new Date(T0 + 90 * MINUTE).toISOString());
      expect(report.total_calls).to.equal(3 * 240);
      expect(report.endpoints_since).to.equal(new Date(T0 + 2 * HOUR).toISOString());
      const orders = report.endpoints[0];
      expect(orders?.requests).to.equal(210);
      expect(orders?.dependencies[0]).to.deep.include({ calls: 630, calls_per_request: 3 });
    });
  });

  describe('limits', () => {
    it('folds dependencies past the limit into other, and counts the folds', () => {
      const clock = new FakeClock(T0);
      const store = newStore(clock, { dependencies: { limits: { dependencyLimit: 2 } } });
      for (const d of ['a', 'b', 'c', 'd', 'c']) {
        store.recordCall(call(clock.ms, { dependency: `postgresql ${d}`, traceId: '' }));
      }
      const { rows, losses } = rowsOf(store, T0, CallRowKind.Dependency);
      expect([...rows.keys()].sort()).to.deep.equal([
        '|other|other',
        '|postgresql a|SELECT users',
        '|postgresql b|SELECT users',
      ]);
      expect(rows.get('|other|other')?.calls).to.equal(3);
      expect(losses.folded).to.equal(3);
      expect(store.dependencies.foldedCalls).to.equal(3);
    });

    it("folds operations past the limit into the dependency's other operation", () => {
      const clock = new FakeClock(T0);
      const store = newStore(clock, { dependencies: { limits: { operationLimit: 2 } } });
      for (const op of ['SELECT a', 'SELECT b', 'SELECT c', 'SELECT d']) {
        store.recordCall(call(clock.ms, { operation: op, traceId: '' }));
      }
      const { rows, losses } = rowsOf(store, T0, CallRowKind.Dependency);
      expect(rows.get('|postgresql app|other')?.calls).to.equal(2);
      expect(losses.folded).to.equal(2);
    });
  });

  describe('the join', () => {
    it('gives a request the calls of its trace that started within it', () => {
      const clock = new FakeClock(T0 + 30_000);
      const store = newStore(clock);
      const t = clock.ms;
      // Three calls inside the request [t - 100, t], one before it (an outer request's).
      store.recordCall(call(t - 80, { durationMs: 10, traceId: TRACE(7) }));
      store.recordCall(call(t - 60, { durationMs: 10, traceId: TRACE(7) }));
      store.recordCall(
        call(t - 20, {
          durationMs: 30,
          traceId: TRACE(7),
          dependency: 'redis r',
          kind: 'cache',
          operation: 'GET',
        }),
      );
      store.recordCall(call(t - 150, { durationMs: 10, traceId: TRACE(7) }));
      request(store, t, TRACE(7), 100, '/inner');
      const shares = rowsOf(store, T0, CallRowKind.EndpointShare).rows;
      expect(shares.get('/inner|postgresql app|SELECT users')).to.deep.include({
        calls: 2,
        sum: 20,
      });
      expect(shares.get('/inner|redis r|GET')).to.deep.include({ calls: 1, sum: 30 });
      // The outer request of the same trace takes the one left.
      request(store, t + 10, TRACE(7), 300, '/outer');
      expect(
        rowsOf(store, T0, CallRowKind.EndpointShare).rows.get('/outer|postgresql app|SELECT users')
          ?.calls,
      ).to.equal(1);
      expect(store.dependencies.unattributedCalls).to.equal(0);
    });

    it('gives an inner SERVER span of the same trace (a request to ourselves) only its own calls, even within one millisecond', () => {
      const clock = new FakeClock(T0 + 30_000);
      const store = newStore(clock);
      const t = clock.ms;
      // The outer request's first call, then its second call served by ourselves:
      // span starts are whole milliseconds, so the inner request starts in the first call's millisecond.
      store.recordCall(
        call(t + 0.4, { durationMs: 0.4, traceId: TRACE(9), parentSpanId: 'outer' }),
      );
      store.recordCall(
        call(t + 0.6, {
          durationMs: 0.6,
          traceId: TRACE(9),
          parentSpanId: 'inner',
          dependency: 'redis r',
          kind: 'cache',
          operation: 'GET',
        }),
      );
      store.record({
        timestampMs: t + 0.8,
        durationMs: 0.8,
        endpoint: '/inner',
        method: 'GET',
        statusCode: 200,
        traceId: TRACE(9),
        spanId: 'inner',
      });
      store.recordCall(
        call(t + 1, {
          durationMs: 1,
          traceId: TRACE(9),
          parentSpanId: 'outer',
          dependency: 'http self',
          kind: 'http',
          operation: 'GET',
        }),
      );
      store.record({
        timestampMs: t + 2,
        durationMs: 2,
        endpoint: '/outer',
        method: 'GET',
        statusCode: 200,
        traceId: TRACE(9),
        spanId: 'outer',
      });
      const shares = [...rowsOf(store, T0, CallRowKind.EndpointShare).rows.entries()].map(
        ([k, v]) => [k, v.calls],
      );
      expect(shares.sort()).to.deep.equal([
        ['/inner|redis r|GET', 1],
        ['/outer|http self|GET', 1],
        ['/outer|postgresql app|SELECT users', 1],
      ]);
    });

    it('counts a root call (no parent: start-up, a timer) as unattributed at once', () => {
      const clock = new FakeClock(T0);
      const store = newStore(clock);
      store.recordCall(call(clock.ms, { traceId: TRACE(5), parentSpanId: '' }));
      expect(store.dependencies.unattributedCalls).to.equal(1);
      expect(rowsOf(store, T0, CallRowKind.Dependency).losses.unattributed).to.equal(1);
    });

    it('counts calls no request took as unattributed once they age out', () => {
      const clock = new FakeClock(T0);
      const store = newStore(clock);
      store.recordCall(call(clock.ms, { traceId: TRACE(3) }));
      store.recordCall(call(clock.ms, { traceId: TRACE(3) }));
      expect(store.dependencies.unattributedCalls).to.equal(0);
      clock.advance(6 * MINUTE);
      store.recordCall(call(clock.ms, { traceId: TRACE(4) }));
      expect(store.dependencies.unattributedCalls).to.equal(2);
      const { rows, losses } = rowsOf(store, T0, CallRowKind.Dependency);
      expect(rows.get('|postgresql app|SELECT users')?.calls).to.equal(3);
      expect(losses.unattributed).to.equal(2);
      // A request of the aged-out trace finds nothing.
      request(store, clock.ms, TRACE(3));
      expect(rowsOf(store, T0, CallRowKind.EndpointShare).rows.size).to.equal(0);
    });

    it("past its trace limit, pushes the oldest trace's calls out as unjoined", () => {
      const clock = new FakeClock(T0);
      const store = newStore(clock, {
        dependencies: { pendingTraceLimit: 2, pendingCallsPerTrace: 3 },
      });
      for (const n of [1, 2, 3]) store.recordCall(call(clock.ms, { traceId: TRACE(n) }));
      for (let i = 0; i < 5; i++) store.recordCall(call(clock.ms, { traceId: TRACE(3) }));
      expect(store.dependencies.unjoinedCalls).to.equal(1 + 3);
      expect(rowsOf(store, T0, CallRowKind.Dependency).losses.unjoined).to.equal(4);
      expect(store.dependencies.recordedCalls).to.equal(8);
    });
  });

  describe('N+1', () => {
    it('flags a request with N or more calls of one statement, with its calls and trace', () => {
      const clock = new FakeClock(T0 + 30_000);
      const store = newStore(clock);
      const t = clock.ms;
      for (let r = 0; r < 4; r++) {
        const trace = TRACE(100 + r);
        const n = r === 0 ? 9 : 25;
        for (let i = 0; i < n; i++)
          store.recordCall(
            call(t - 50, {
              durationMs: 1,
              traceId: trace,
              statement: 'SELECT id FROM items WHERE id = $1',
            }),
          );
        // Nine of another statement: under the threshold.
        for (let i = 0; i < 9; i++)
          store.recordCall(call(t - 50, { durationMs: 1, traceId: trace, statement: 'SELECT 1' }));
        request(store, t, trace, 100, '/n1');
      }
      const found = rowsOf(store, T0, CallRowKind.NPlusOne).rows;
      expect([...found.keys()]).to.deep.equal([
        '/n1|postgresql app|SELECT id FROM items WHERE id = $1',
      ]);
      expect(found.get('/n1|postgresql app|SELECT id FROM items WHERE id = $1')).to.deep.include({
        calls: 3,
        max: 25,
      });
      expect(store.nPlusOneCalls).to.equal(10);
    });
  });

  describe('snapshots', () => {
    it('round-trips rows, endpoint shares, N+1 findings and losses through JSON', () => {
      const clock = new FakeClock(T0 + 30_000);
      const store = newStore(clock, { dependencies: { limits: { dependencyLimit: 1 } } });
      for (let m = 0; m < 90; m++) {
        const t = clock.ms;
        const trace = TRACE(1000 + m);
        for (let i = 0; i < 12; i++)
          store.recordCall(
            call(t - 50, { durationMs: 1 + (i % 5), traceId: trace, error: i === 0 }),
          );
        store.recordCall(call(t - 50, { dependency: 'http b', traceId: trace }));
        request(store, t, trace);
        store.recordCall(call(t, { traceId: '' }));
        clock.advance(MINUTE);
      }
      const before = {
        deps: rowsOf(store, T0, CallRowKind.Dependency),
        shares: rowsOf(store, T0, CallRowKind.EndpointShare).rows,
        n1: rowsOf(store, T0, CallRowKind.NPlusOne).rows,
      };
      const saved = JSON.parse(JSON.stringify(store.toSnapshot()));
      expect(saved.dependencies.rows.length).to.be.greaterThan(0);
      const restored = newStore(clock, { dependencies: { limits: { dependencyLimit: 1 } } });
      restored.restore(saved);
      expect(rowsOf(restored, T0, CallRowKind.Dependency)).to.deep.equal(before.deps);
      expect(rowsOf(restored, T0, CallRowKind.EndpointShare).rows).to.deep.equal(before.shares);
      expect(rowsOf(restored, T0, CallRowKind.NPlusOne).rows).to.deep.equal(before.n1);
      expect(restored.dependencies.recordedCalls).to.equal(store.dependencies.recordedCalls);
      expect(restored.dependencies.foldedCalls).to.equal(90);
      // The slowest calls (i23-calls' SlowCalls) travel in the same snapshot.
      const ask = {
        sinceMs: T0,
        dependency: undefined,
        operation: undefined,
        acceptSource: () => true,
        limit: 5,
      };
      expect(saved.slowCalls.rows.length).to.be.greaterThan(0);
      expect(restored.slowCallsSince(ask).calls).to.deep.equal(store.slowCallsSince(ask).calls);
    });

    it("saves rows by index, a forgotten row's as a hole, and restores the rest", () => {
      const clock = new FakeClock(T0);
      const store = newStore(clock, { retentionMs: 2 * HOUR });
      store.recordCall(call(clock.ms, { dependency: 'postgresql a', traceId: '' }));
      clock.advance(90 * MINUTE);
      store.recordCall(call(clock.ms, { dependency: 'postgresql b', traceId: '' }));
      clock.advance(60 * MINUTE);
      const saved = JSON.parse(JSON.stringify(store.toSnapshot()));
      expect(saved.dependencies.rows[0]).to.equal(null);
      const restored = newStore(clock, { retentionMs: 2 * HOUR });
      restored.restore(saved);
      const rows = rowsOf(restored, T0, CallRowKind.Dependency).rows;
      expect([...rows.keys()]).to.deep.equal(['|postgresql b|SELECT users']);
    });

    it('refuses damaged dependency data and leaves the store empty', () => {
      const clock = new FakeClock(T0);
      const store = newStore(clock);
      store.recordCall(call(clock.ms, { traceId: '' }));
      clock.advance(MINUTE);
      const saved = JSON.parse(JSON.stringify(store.toSnapshot()));
      saved.dependencies.tiers[0].buckets[0].rows = Buffer.from([5, 1]).toString('base64');
      const restored = newStore(clock);
      expect(() => restored.restore(saved)).to.throw(RangeError);
      expect(rowsOf(restored, T0 - DAY, CallRowKind.Dependency).rows.size).to.equal(0);
    });
  });
});
