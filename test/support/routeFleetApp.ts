import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GoldenSignals } from '../../src/index.js';
import { listen, type RunningServer } from './listen.js';
import { startTestPipeline } from './testApp.js';

/** How many route templates the fleet app serves (issue 27's review: 400). */
export const FLEET_ROUTES = 400;
/** The route of the staged incident. */
export const INCIDENT_ROUTE = '/api/fleet/r137/:id';
const PATH = /^\/api\/fleet\/r(\d{1,3})\/[^/]+$/;

/** The template of a fleet path, as a framework's router would name it; undefined for others. */
export function fleetRoute(url: string | undefined): string | undefined {
  const match = PATH.exec((url ?? '').split('?')[0] ?? '');
  return match === null || Number(match[1]) >= FLEET_ROUTES
    ? undefined
    : `/api/fleet/r${match[1]}/:id`;
}

/** A plain node:http app with {@link FLEET_ROUTES} route templates, under its own pipeline. */
export interface RouteFleetApp extends RunningServer {
  readonly goldenSignals: GoldenSignals;
  /** Every template, `/api/fleet/r0/:id` … `/api/fleet/r399/:id`. */
  readonly routes: readonly string[];
}

/**
 * Starts the fleet app: `GET /api/fleet/r<i>/<id>` answers 200, or the
 * `status` of its query after `delay` ms (how the incident is staged). The
 * dashboard is at `/dashboard`. One runs at a time in a process.
 */
export async function startRouteFleetApp(
  env: Readonly<Record<string, string>> = {},
): Promise<RouteFleetApp> {
  const goldenSignals = startTestPipeline(env, { route: (req) => fleetRoute(req.url) });
  const dash = goldenSignals.handler();
  const server = await listen((req: IncomingMessage, res: ServerResponse) => {
    if (dash(req, res)) return;
    const query = new URL(req.url ?? '/', 'http://fleet').searchParams;
    const status = Number(query.get('status') ?? 200);
    const delay = Number(query.get('delay') ?? 0);
    const answer = () => {
      res.statusCode = fleetRoute(req.url) === undefined ? 404 : status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: res.statusCode < 400 }));
    };
    if (delay > 0) setTimeout(answer, delay);
    else answer();
  });
  return {
    ...server,
    goldenSignals,
    routes: Array.from({ length: FLEET_ROUTES }, (_, i) => `/api/fleet/r${i}/:id`),
    close: async () => {
      await server.close();
      await goldenSignals.shutdown();
    },
  };
}

/** GETs every path, `concurrency` at a time; answers the statuses in order. */
async function getEach(
  base: string,
  paths: readonly string[],
  concurrency = 16,
): Promise<number[]> {
  const statuses: number[] = new Array(paths.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < paths.length; i = next++) {
      const res = await fetch(`${base}${paths[i]}`);
      await res.arrayBuffer();
      statuses[i] = res.status;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}

/** Healthy traffic: `perRoute` requests on every route, all answered 200 at once. */
export function sendFleetTraffic(app: RouteFleetApp, perRoute = 3): Promise<number[]> {
  const paths: string[] = [];
  for (let n = 0; n < perRoute; n++) {
    for (let i = 0; i < FLEET_ROUTES; i++) paths.push(`/api/fleet/r${i}/${n}`);
  }
  return getEach(app.url, paths);
}

/**
 * The incident of issue 27's review on {@link INCIDENT_ROUTE}: `n` requests,
 * 40% answered 503, each delayed 500–1,200 ms.
 */
export function stageIncident(app: RouteFleetApp, n = 50): Promise<number[]> {
  const paths = Array.from({ length: n }, (_, i) => {
    const status = i % 5 < 2 ? 503 : 200;
    const delay = 500 + ((i * 137) % 701);
    return `/api/fleet/r137/${i}?status=${status}&delay=${delay}`;
  });
  return getEach(app.url, paths, 25);
}
