import http from 'node:http';
import Router from '@koa/router';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import Koa from 'koa';
import { DEMO_DASHBOARD_PATHS } from '../../demo/app.js';
import { type GoldenSignals, koaRouteTag } from '../../src/index.js';
import { listening } from './listen.js';
import { seededRandom } from './seededRandom.js';
import { type RunningServer, serve, startTestPipeline } from './testApp.js';

/** Calls of one statement `/items` makes per request: past the N+1 threshold (10). */
export const N_PLUS_ONE_CALLS = 12;
/** How long the slow query of `/report` takes, at least. */
export const SLOW_QUERY_MS = 150;

/** The app under test, its downstream, and every literal its statements carried. */
export interface DependencyApp extends RunningServer {
  readonly goldenSignals: GoldenSignals;
  /** Every literal value the app put into a statement: none may appear in an answer. */
  readonly literals: readonly string[];
  /** GETs one path with a trace of the test's own; answers the status and trace id. */
  get(path: string): Promise<{ status: number; traceId: string }>;
}

/**
 * A downstream on node:http: `/health/ok` answers 200, `/health/fail` 500.
 * Under `/health` so its own SERVER spans (same process) are not recorded:
 * the endpoints are the app's alone.
 */
function downstream(): Promise<RunningServer> {
  return listening(
    http.createServer((req, res) => {
      req.resume();
      res.writeHead(req.url === '/health/fail' ? 500 : 200, { 'content-type': 'text/plain' });
      res.end('done');
    }),
  );
}

/** An outgoing GET through the real (instrumented) http client; resolves with the status. */
function httpGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

/**
 * An in-process Koa app over a pipeline of its own that calls out: a
 * downstream HTTP service through the real http client, and a PostgreSQL
 * database through CLIENT spans made as `instrumentation-pg` makes them
 * (`db.system`, `db.namespace`, `db.statement` holding literals from a
 * seeded generator, and an ERROR status for the failing one). Routes:
 * `/orders/:id` (three queries, one downstream call), `/report` (a slow
 * `pg_sleep`, a failing query, a downstream 500), `/items` (the N+1:
 * {@link N_PLUS_ONE_CALLS} queries of one statement), `/quiet` (no call).
 */
export async function startDependencyApp(
  env: Readonly<Record<string, string>> = {},
): Promise<DependencyApp> {
  const goldenSignals = startTestPipeline(env);
  const down = await downstream();
  const random = seededRandom(23);
  const literals: string[] = [];
  const literal = (kind: 'string' | 'number'): string => {
    const value =
      kind === 'number'
        ? // Ten digits from 9: no timestamp, size or id of an answer holds such a run by chance.
          String(9_000_000_000 + Math.floor(random() * 999_999_999))
        : `qx${Math.floor(random() * 2 ** 40).toString(36)}`;
    literals.push(value);
    return kind === 'number' ? value : `'${value}'`;
  };
  const tracer = trace.getTracer('pg-like-client');
  const query = async (statement: string, waitMs = 0, fail?: string): Promise<void> => {
    const span = tracer.startSpan(`${statement.split(' ')[0]} app`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system': 'postgresql',
        'db.namespace': 'app',
        'db.statement': statement,
        'server.address': '127.0.0.1',
        'server.port': 5432,
      },
    });
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    if (fail !== undefined) {
      // A driver's error names the value it refused: masked like the statement's.
      span.setStatus({ code: SpanStatusCode.ERROR, message: `invalid input syntax: ${fail}` });
      span.setAttribute('error.type', 'DatabaseError');
    }
    span.end();
  };

  const router = new Router();
  router.get('/orders/:id', async (ctx) => {
    await query(`SELECT * FROM orders WHERE id = ${literal('number')}`);
    await query(`SELECT name FROM users WHERE email = ${literal('string')} AND active = true`);
    await query(
      `UPDATE orders SET seen = now() WHERE id IN (${literal('number')}, ${literal('number')})`,
    );
    ctx.body = { status: await httpGet(`${down.url}/health/ok`) };
  });
  router.get('/report', async (ctx) => {
    await query(`SELECT pg_sleep(${SLOW_QUERY_MS / 1000}), ${literal('string')}`, SLOW_QUERY_MS);
    const code = literal('string');
    await query(`SELECT * FROM missing WHERE code = ${code}`, 0, `"${code.slice(1, -1)}"`);
    ctx.body = { status: await httpGet(`${down.url}/health/fail`) };
  });
  router.get('/items', async (ctx) => {
    for (let i = 0; i < N_PLUS_ONE_CALLS; i++) {
      await query(`SELECT id, price FROM items WHERE id = ${literal('number')}`);
    }
    ctx.body = { items: N_PLUS_ONE_CALLS };
  });
  router.get('/quiet', (ctx) => {
    ctx.body = { ok: true };
  });
  const app = new Koa();
  app.silent = true;
  app.use(goldenSignals.koa(DEMO_DASHBOARD_PATHS));
  app.use(koaRouteTag());
  app.use(router.routes());
  const server = await serve(app);
  return {
    ...server,
    goldenSignals,
    literals,
    async get(path) {
      const traceId = randomHex(32);
      const res = await fetch(`${server.url}${path}`, {
        headers: { traceparent: `00-${traceId}-${randomHex(16)}-01` },
      });
      await res.arrayBuffer();
      return { status: res.status, traceId };
    },
    close: async () => {
      await server.close();
      await down.close();
      await goldenSignals.shutdown();
    },
  };
}

function randomHex(length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(Math.random() * 16).toString(16);
  return /^0+$/.test(out) ? `1${out.slice(1)}` : out;
}
