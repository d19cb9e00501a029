import Router from '@koa/router';
import Koa from 'koa';
import { DEMO_DASHBOARD_PATHS } from '../../demo/app.js';
import { errorHandler } from '../../demo/errorHandler.js';
import { type GoldenSignals, koaRouteTag } from '../../src/index.js';
import { type RunningServer, serve, startTestPipeline } from './testApp.js';

/** How many route templates the fleet app has, as in issue 27's review. */
export const FLEET_ROUTES = 400;

/** The error classes the fleet's 5xx are spread over. */
export const FLEET_ERROR_CLASSES = [
  'UpstreamTimeoutError',
  'DatabaseError',
  'CacheMissError',
  'QuotaError',
] as const;

/** The template of route `i`: spread over 20 areas, each with an id parameter. */
export function fleetRoute(i: number): string {
  return `/api/area${i % 20}/thing${i}/:id`;
}

/** A path of route `i`; `status` (>= 500 throws one of the error classes) and `delayMs` ask the handler for them. */
export function fleetPath(i: number, id: number, status = 200, delayMs = 0): string {
  const q = new URLSearchParams();
  if (status !== 200) q.set('status', String(status));
  if (delayMs > 0) q.set('ms', String(delayMs));
  const query = q.toString();
  return `${fleetRoute(i).replace(':id', String(id))}${query === '' ? '' : `?${query}`}`;
}

/** The fleet app and the pipeline it runs over; `close()` stops both. */
export interface RouteFleetDrillApp extends RunningServer {
  readonly goldenSignals: GoldenSignals;
  /** Sends `perRoute` requests to each route, about 5% of them 5xx over the four classes. */
  traffic(perRoute: number): Promise<void>;
  /** GETs one path (its trace started by the test's `traceparent`) and reads the body; answers the status and trace id. */
  get(path: string): Promise<{ status: number; traceId: string }>;
}

function fleetApp(goldenSignals: GoldenSignals): Koa {
  const router = new Router();
  for (let i = 0; i < FLEET_ROUTES; i++) {
    router.get(fleetRoute(i), async (ctx) => {
      const ms = Number(ctx.query.ms ?? 0);
      if (ms > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 10_000)));
      const status = Number(ctx.query.status ?? 200);
      if (status >= 500) {
        const err = Object.assign(new Error(`route ${i} failed for id ${ctx.params.id}`), {
          name: FLEET_ERROR_CLASSES[Number(ctx.params.id) % FLEET_ERROR_CLASSES.length],
          status,
        });
        throw err;
      }
      ctx.status = status;
      ctx.body = { route: i, id: ctx.params.id };
    });
  }
  const app = new Koa();
  app.silent = true;
  app.use(errorHandler(() => {}));
  app.use(goldenSignals.koa(DEMO_DASHBOARD_PATHS));
  app.use(koaRouteTag());
  app.use(router.routes());
  return app;
}

/**
 * An in-process Koa app with {@link FLEET_ROUTES} route templates over a
 * pipeline of its own (`env` over the test defaults), on an ephemeral port.
 */
export async function startRouteFleetDrillApp(
  env: Readonly<Record<string, string>> = {},
): Promise<RouteFleetDrillApp> {
  const goldenSignals = startTestPipeline(env);
  const server = await serve(fleetApp(goldenSignals));
  const get = async (path: string) => {
    const traceId = randomHex(32);
    const res = await fetch(`${server.url}${path}`, {
      headers: { traceparent: `00-${traceId}-${randomHex(16)}-01` },
    });
    await res.arrayBuffer();
    return { status: res.status, traceId };
  };
  return {
    ...server,
    goldenSignals,
    get,
    async traffic(perRoute) {
      const paths: string[] = [];
      for (let n = 0; n < perRoute; n++) {
        for (let i = 0; i < FLEET_ROUTES; i++) {
          const k = n * FLEET_ROUTES + i;
          paths.push(fleetPath(i, k % 97, k % 20 === 7 ? 500 + (k % 4) : 200));
        }
      }
      // A few at a time: the fleet's traffic, not a load test.
      for (let start = 0; start < paths.length; start += 16) {
        await Promise.all(paths.slice(start, start + 16).map((p) => get(p)));
      }
    },
    close: async () => {
      await server.close();
      await goldenSignals.shutdown();
    },
  };
}

function randomHex(length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(Math.random() * 16).toString(16);
  return /^0+$/.test(out) ? `1${out.slice(1)}` : out;
}
