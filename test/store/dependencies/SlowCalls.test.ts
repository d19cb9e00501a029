import { expect } from 'chai';
import type { CallRecord } from '../../../src/store/dependencies/CallRecord.js';
import { checkSlowCallsData } from '../../../src/store/dependencies/checkSlowCallsData.js';
import {
  SLOW_CALL_ROW_LIMIT,
  SLOW_CALLS_EXACT,
  SlowCalls,
  type SlowCallsAsk,
} from '../../../src/store/dependencies/SlowCalls.js';
import { floorTo } from '../../../src/store/floorTo.js';
import { MINUTE, T0 } from '../../support/fakeClock.js';
import { seededRandom } from '../../support/seededRandom.js';

const DEPENDENCIES = ['postgresql app', 'redis 127.0.0.1:6379', '127.0.0.1:4000'];
const OPERATIONS = ['SELECT users', 'INSERT orders', 'GET'];

function call(i: number, ts: number, durationMs: number, instance = 'a'): CallRecord {
  const dependency = DEPENDENCIES[i % DEPENDENCIES.length] as string;
  const operation = OPERATIONS[(i >> 2) % OPERATIONS.length] as string;
  return {
    timestampMs: ts,
    durationMs,
    kind: dependency.startsWith('postgresql') ? 'database' : 'http',
    system: dependency.startsWith('postgresql') ? 'postgresql' : 'http',
    dependency,
    operation,
    statement: dependency.startsWith('postgresql')
      ? `SELECT * FROM t${i % 3} WHERE id = $1`
      : undefined,
    error: i % 7 === 0,
    errorType: i % 7 === 0 ? 'ECONNRESET' : undefined,
    statusCode: dependency.startsWith('127') ? 200 + (i % 2) * 300 : undefined,
    traceId: i.toString(16).padStart(32, '0'),
    spanId: i.toString(16).padStart(16, '0'),
    instance,
  };
}

const rowOf = (c: CallRecord) => ({
  service: 'svc',
  instance: c.instance ?? 'a',
  dependency: c.dependency,
  operation: c.operation,
});

/** Records `calls` (time order) into a SlowCalls whose minute follows them, as the store does. */
function fill(calls: readonly CallRecord[]): SlowCalls {
  const slow = new SlowCalls(MINUTE);
  for (const c of calls) {
    slow.advance(floorTo(c.timestampMs, MINUTE), Number.NEGATIVE_INFINITY);
    slow.record(c, rowOf(c));
  }
  return slow;
}

function workload(seed: number, minutes: number, perMinute: number): CallRecord[] {
  const random = seededRandom(seed);
  const calls: CallRecord[] = [];
  for (let m = 0; m < minutes; m++) {
    for (let j = 0; j < perMinute; j++) {
      const i = calls.length;
      const ts = T0 + m * MINUTE + j * (MINUTE / perMinute);
      // Whole milliseconds with many ties, a slow tail and a few bursts.
      const d = Math.floor(random() ** 4 * 500) + (random() < 0.01 ? 5_000 : 0);
      calls.push(call(i, ts, d, random() < 0.5 ? 'a' : 'b'));
    }
  }
  return calls;
}

const ask = (over: Partial<SlowCallsAsk>): SlowCallsAsk => ({
  sinceMs: T0,
  dependency: undefined,
  operation: undefined,
  acceptSource: () => true,
  limit: SLOW_CALLS_EXACT,
  ...over,
});

describe('SlowCalls', () => {
  describe('#slowest', () => {
    it('is the exact top of every minute-aligned window, per dependency, operation and source', () => {
      const calls = workload(23, 40, 90);
      const slow = fill(calls);
      for (const sinceMinute of [0, 1, 7, 20, 39]) {
        for (const dependency of [undefined, ...DEPENDENCIES]) {
          for (const operation of [undefined, 'SELECT users']) {
            for (const instance of [undefined, 'b']) {
              const sinceMs = T0 + sinceMinute * MINUTE;
              const limit = 1 + ((sinceMinute * 7) % SLOW_CALLS_EXACT);
              const expected = calls
                .filter(
                  (c) =>
                    c.timestampMs >= sinceMs &&
                    (dependency === undefined || c.dependency === dependency) &&
                    (operation === undefined || c.operation === operation) &&
                    (instance === undefined || c.instance === instance),
                )
                .sort((x, y) => y.durationMs - x.durationMs || y.timestampMs - x.timestampMs)
                .slice(0, limit)
                .map((c) => c.spanId);
              const found = slow.slowest(
                ask({
                  sinceMs,
                  dependency,
                  operation,
                  limit,
                  acceptSource: (s) => instance === undefined || s.instance === instance,
                }),
              );
              expect(found.calls.map((c) => c.spanId)).to.deep.equal(expected);
              expect(found.exactAfterMs).to.equal(sinceMs);
            }
          }
        }
      }
    });

    it('keeps each call’s trace, statement, error and status', () => {
      const c = call(14, T0 + 5, 900);
      const slow = fill([c]);
      expect(slow.slowest(ask({})).calls).to.deep.equal([
        {
          timestampMs: T0 + 5,
          durationMs: 900,
          service: 'svc',
          instance: 'a',
          dependency: '127.0.0.1:4000',
          operation: 'SELECT users',
          kind: 'http',
          system: 'http',
          statement: undefined,
          error: true,
          errorType: 'ECONNRESET',
          statusCode: 200,
          traceId: c.traceId,
          spanId: c.spanId,
        },
      ]);
    });

    it('holds far fewer calls than it saw', () => {
      const calls = workload(5, 60, 200);
      const slow = fill(calls);
      slow.advance(T0 + 60 * MINUTE, Number.NEGATIVE_INFINITY);
      expect(slow.held).to.be.below(calls.length / 4);
    });
  });

  describe('#has', () => {
    it('knows the dependencies and operations of the sources asked for', () => {
      const slow = fill([call(0, T0, 1, 'a')]);
      expect(slow.has(() => true, 'postgresql app')).to.equal(true);
      expect(slow.has(() => true, 'postgresql app', 'SELECT users')).to.equal(true);
      expect(slow.has(() => true, 'postgresql app', 'DELETE')).to.equal(false);
      expect(slow.has((s) => s.instance === 'b', 'postgresql app')).to.equal(false);
      expect(slow.has(() => true, 'nope')).to.equal(false);
    });
  });

  describe('#advance', () => {
    it('evicts calls past the retention and forgets empty rows', () => {
      const slow = fill(workload(1, 3, 10));
      expect(slow.rows).to.be.above(0);
      slow.advance(T0 + 10 * MINUTE, T0 + 5 * MINUTE);
      expect(slow.rows).to.equal(0);
      expect(slow.held).to.equal(0);
      expect(slow.slowest(ask({})).calls).to.deep.equal([]);
    });
  });

  describe('#record', () => {
    it('drops and counts the calls of rows past the row limit', () => {
      const slow = new SlowCalls(MINUTE);
      const many = SLOW_CALL_ROW_LIMIT / 2 + 10;
      for (let i = 0; i < many; i++) {
        const c = { ...call(0, T0, 1), dependency: `dep${i}` };
        slow.record(c, rowOf(c));
      }
      expect(slow.rows).to.be.at.most(SLOW_CALL_ROW_LIMIT);
      expect(slow.droppedCalls).to.equal(10);
    });
  });

  describe('#toSnapshot', () => {
    it('restores into an empty store with the same answers, through JSON and the check', () => {
      const calls = workload(9, 12, 60);
      const slow = fill(calls);
      const data = checkSlowCallsData(JSON.parse(JSON.stringify(slow.toSnapshot())));
      const restored = new SlowCalls(MINUTE);
      restored.restore(data, Number.NEGATIVE_INFINITY);
      for (const over of [{}, { dependency: 'postgresql app' }, { operation: 'GET' }]) {
        for (const sinceMs of [T0, T0 + 11 * MINUTE]) {
          expect(restored.slowest(ask({ ...over, sinceMs }))).to.deep.equal(
            slow.slowest(ask({ ...over, sinceMs })),
          );
        }
      }
    });

    it('refuses a malformed snapshot, naming the field', () => {
      expect(() => checkSlowCallsData({ rows: [{ service: 1 }], droppedCalls: 0 })).to.throw(
        /slowCalls\.rows\[0\]/,
      );
      expect(() => checkSlowCallsData({ rows: [] })).to.throw(/droppedCalls/);
    });
  });
});
