/**
 * The store's memory with dependencies (issue 23): 24 hours at 1,000 req/s
 * over 500 routes (the 500-route day of the store bench), where each
 * request also makes one outgoing call (1,000 calls/s) to one of the
 * `deps` dependencies (50 by default: 30 databases, 10 caches, 10 HTTP
 * services), each route calling {@link DEPS_PER_ROUTE} of them, with four
 * operations (statements) per dependency. Calls go through the real
 * `RequestStore.recordCall`, and each request's `record` joins its call, so
 * the endpoint shares are filled as in an app. `deps` 0 records no call:
 * the same day without the rollup, in its own process.
 *
 *   node --expose-gc dist/bench/dependencies/dependencyMemoryBench.js [deps] [routes] [hours]
 */
import { dependenciesQuery } from '../../src/dashboard/queries/dependenciesQuery.js';
import type { CallRecord, DependencyKind } from '../../src/store/dependencies/CallRecord.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { SIM_START_MS } from '../support/fillStore.js';
import { medianMs, report, retainedBytes, round } from '../support/measure.js';
import { reusableRecord, ShapePool } from '../support/syntheticTraffic.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Dependencies each route calls (its calls cycle over them). */
const DEPS_PER_ROUTE = 5;
/** Operations (statements, commands, methods) per dependency. */
const OPERATIONS = 4;
/** Timed runs of the dependencies query. */
const QUERY_RUNS = 10;

/** A call record the fill rewrites for every call (no allocation per call). */
type MutableCall = { -readonly [K in keyof CallRecord]: CallRecord[K] };

/** What one dependency's calls look like. */
interface DependencyShape {
  readonly kind: DependencyKind;
  readonly system: string;
  readonly dependency: string;
  readonly operations: readonly { operation: string; statement: string | undefined }[];
}

/** `count` dependencies: three fifths databases, one fifth caches, one fifth HTTP services. */
function dependencyShapes(count: number): DependencyShape[] {
  return Array.from({ length: count }, (_, i): DependencyShape => {
    const ops = Array.from({ length: OPERATIONS }, (_, o) => o);
    if (i < (count * 3) / 5)
      return {
        kind: 'database',
        system: 'postgresql',
        dependency: `postgresql db${i}`,
        operations: ops.map((o) => ({
          operation: `SELECT table${o}`,
          statement: `SELECT * FROM table${o} WHERE id = $1`,
        })),
      };
    if (i < (count * 4) / 5)
      return {
        kind: 'cache',
        system: 'redis',
        dependency: `redis 10.0.0.${i}:6379`,
        operations: ['GET', 'SET', 'DEL', 'EXPIRE'].map((c) => ({ operation: c, statement: c })),
      };
    return {
      kind: 'http',
      system: 'http',
      dependency: `10.0.1.${i}:443`,
      operations: ['GET', 'POST', 'PUT', 'DELETE'].map((m) => ({
        operation: m,
        statement: undefined,
      })),
    };
  });
}

const deps = Number(process.argv[2] ?? 50);
const routes = Number(process.argv[3] ?? 500);
const hours = Number(process.argv[4] ?? 24);
const rps = 1000;
const shapes = dependencyShapes(deps);
const pool = new ShapePool(1 << 20, undefined, routes);
const before = retainedBytes();
let now = SIM_START_MS;
const store = new RequestStore({ now: () => now, retentionMs: DAY });
const rec = reusableRecord();
const call: MutableCall = {
  timestampMs: 0,
  durationMs: 0,
  kind: 'database',
  system: '',
  dependency: '',
  operation: '',
  statement: undefined,
  error: false,
  traceId: '',
  spanId: '00f067aa0ba902b7',
};
const end = SIM_START_MS + hours * HOUR;
const started = performance.now();
let n = 0;
let calls = 0;
for (let second = SIM_START_MS; second < end; second += 1000) {
  for (let k = 0; k < rps; k++) {
    now = second + Math.floor((k * 1000) / rps);
    pool.fill(rec, n, now);
    if (deps > 0) {
      // A route's calls cycle over its own DEPS_PER_ROUTE dependencies and their operations.
      const route = pool.route[n % pool.count] ?? 0;
      const shape = shapes[
        (route * DEPS_PER_ROUTE + (n % DEPS_PER_ROUTE)) % deps
      ] as DependencyShape;
      const op = shape.operations[n % OPERATIONS] as DependencyShape['operations'][number];
      call.timestampMs = now - rec.durationMs / 4;
      call.durationMs = rec.durationMs / 2;
      call.kind = shape.kind;
      call.system = shape.system;
      call.dependency = shape.dependency;
      call.operation = op.operation;
      call.statement = op.statement;
      call.error = rec.statusCode >= 500;
      call.traceId = rec.traceId ?? '';
      store.recordCall(call);
      calls++;
    }
    store.record(rec);
    n++;
  }
}
now = end;
const fillSeconds = (performance.now() - started) / 1000;
const memoryBytes = retainedBytes() - before;
const queryMs = round(
  medianMs(() => JSON.stringify(dependenciesQuery(store, '24h', DAY)), QUERY_RUNS),
  2,
);
const figures = store.dependencies;
report({
  dependencies: deps,
  routes,
  hours,
  requests: n,
  calls,
  series: store.seriesCount,
  dependency_rows: figures.rowCount,
  recorded_calls: figures.recordedCalls,
  folded_calls: figures.foldedCalls,
  unjoined_calls: figures.unjoinedCalls,
  fill_seconds: round(fillSeconds, 1),
  memory_bytes: memoryBytes,
  query_ms_dependencies_24h: queryMs,
  // Keep the pool alive until memory was measured, so it is not counted as freed.
  pool_size: pool.count,
});
