/**
 * A Koa app with 400 route templates, for the endpoint table's browser test
 * (issue 27): background traffic on every route with about 5% 5xx over four
 * classes, a busy fast route, a route with 2 of 2 failed, and, when asked, a
 * staged incident on one route (40% 503 plus 150–400 ms of delay).
 */
import Router from '@koa/router';
import Koa from 'koa';
import { DEMO_DASHBOARD_PATHS } from '../../demo/app.js';
import type { GoldenSignals } from '../../src/index.js';
import { koaRouteTag } from '../../src/routes/koaRouteTag.js';
import type { RunningServer } from './listen.js';
import { seededRandom } from './seededRandom.js';
import { serve, startTestPipeline } from './testApp.js';

/** The resources of the route templates: 8 × {@link FLEET_VERSIONS} = 400 templates. */
export const FLEET_RESOURCES = [
  'users',
  'orders',
  'carts',
  'payments',
  'invoices',
  'products',
  'reviews',
  'sessions',
] as const;
/** Versions per resource. */
export const FLEET_VERSIONS = 50;
/** Every route template the app serves: `/api/<resource>/v<k>/:id`. */
export const FLEET_ROUTES: readonly string[] = FLEET_RESOURCES.flatMap((resource) =>
  Array.from({ length: FLEET_VERSIONS }, (_, k) => `/api/${resource}/v${k}/:id`),
);
/** The route of the staged incident. */
export const INCIDENT_ROUTE = '/api/payments/v17/:id';
/** The busiest route: many fast 200s, first by request count. */
export const BUSIEST_ROUTE = '/api/users/v0/:id';
/** A route whose 2 requests both failed: 100% errors, too few to colour or rank by rate. */
export const TWO_OF_TWO_ROUTE = '/api/reviews/v9/:id';

/** The four 5xx classes of the background failures. */
const SERVER_ERRORS = [500, 502, 503, 504] as const;

/** The app with its own golden-signals pipeline; `close()` stops both. */
export interface RouteFleetTableApp extends RunningServer {
  readonly goldenSignals: GoldenSignals;
}

/**
 * Serves the 400 templates on 127.0.0.1 (an ephemeral port), with the
 * dashboard at `/dashboard`. Each request answers `?status=` (200 by
 * default) after `?delay=` milliseconds (0 by default).
 */
export async function startRouteFleetTableApp(): Promise<RouteFleetTableApp> {
  // 400 routes with a few statuses each fit well under the series limit, but say it.
  const goldenSignals = startTestPipeline({ GOLDEN_SIGNALS_MAX_SERIES: '5000' });
  const router = new Router();
  for (const template of FLEET_ROUTES) {
    router.get(template, async (ctx) => {
      const delay = Number(ctx.query.delay ?? 0);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const status = Number(ctx.query.status ?? 200);
      ctx.status = status;
      ctx.body = status < 400 ? { id: ctx.params.id } : { error: `failed with ${status}` };
    });
  }
  const app = new Koa();
  app.use(goldenSignals.koa(DEMO_DASHBOARD_PATHS));
  app.use(koaRouteTag());
  app.use(router.routes());
  const server = await serve(app);
  return {
    ...server,
    goldenSignals,
    close: async () => {
      await server.close();
      await goldenSignals.shutdown();
    },
  };
}

/** The path of one request to `template`, with the status and delay it should answer. */
export function fleetPath(template: string, id: number, status = 200, delayMs = 0): string {
  const query = `${status === 200 ? '' : `status=${status}`}${delayMs > 0 ? `&delay=${delayMs}` : ''}`;
  const path = template.replace(':id', String(id));
  return query === '' ? path : `${path}?${query.replace(/^&/, '')}`;
}

/** GETs every path with `concurrency` at a time, reading each body. */
export async function sendAll(
  base: string,
  paths: readonly string[],
  concurrency = 16,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++] as string;
      const res = await fetch(`${base}${path}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * The background: 3 requests on every other route (about 5% 5xx over the
 * four classes, seeded), 300 fast 200s on {@link BUSIEST_ROUTE}, and 2 of 2
 * failed on {@link TWO_OF_TWO_ROUTE}.
 */
export function backgroundPaths(seed = 27): string[] {
  const random = seededRandom(seed);
  const paths: string[] = [];
  for (const template of FLEET_ROUTES) {
    if (template === TWO_OF_TWO_ROUTE) continue;
    for (let i = 0; i < 3; i++) {
      const fail = random() < 0.05;
      const status = fail ? SERVER_ERRORS[Math.floor(random() * SERVER_ERRORS.length)] : 200;
      paths.push(fleetPath(template, i, status));
    }
  }
  for (let i = 0; i < 300; i++) paths.push(fleetPath(BUSIEST_ROUTE, i));
  for (let i = 0; i < 2; i++) paths.push(fleetPath(TWO_OF_TWO_ROUTE, i, 500));
  return paths;
}

/** The staged incident: 40 requests on {@link INCIDENT_ROUTE}, 16 of them 503, each delayed 150–400 ms. */
export function incidentPaths(seed = 2727): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: 40 }, (_, i) =>
    fleetPath(INCIDENT_ROUTE, i, i % 5 < 2 ? 503 : 200, 150 + Math.floor(random() * 250)),
  );
}
