/**
 * The fleet of the issue 21 acceptance tests: four apps of ours with
 * different route sets, each route answering a known status (or throwing a
 * known error class), and how many times the known traffic calls it. The
 * apps (fleetApp.ts) and the clients (fleetTraffic.ts) both read this table.
 */

/** One route of a fleet app, and what the traffic sends to it. */
export interface FleetRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The Express path, which is the template the dashboard and `/metrics` show; `unmatched` for none. */
  readonly template: string;
  /** The path the clients send. */
  readonly path: string;
  /** The status it answers. */
  readonly status: number;
  /** The class of the error it throws (Express answers 500), when it throws. */
  readonly throws?: string;
  /** Streams {@link STREAM_BYTES} in chunks after its delay. */
  readonly stream?: boolean;
  /** How many requests the known traffic sends. */
  readonly times: number;
}

/** The fleet's apps by name: three single processes and a two-worker cluster. */
export type FleetAppName = 'shop' | 'users' | 'files' | 'items';

/** The body the streaming route sends: 128 KB, in {@link STREAM_CHUNKS} writes. */
export const STREAM_BYTES = 128 * 1024;
/** How many writes the streaming route makes. */
export const STREAM_CHUNKS = 16;
/** The streaming route, 50 times (issue 21's verdaccio case: a tarball in chunks). */
export const STREAM_ROUTE = '/files/:name';
/** How many workers the cluster app runs. */
export const CLUSTER_WORKERS = 2;

/** Each app's routes. */
export const FLEET_ROUTES: Readonly<Record<FleetAppName, readonly FleetRoute[]>> = {
  shop: [
    {
      method: 'GET',
      template: '/api/products/:id',
      path: '/api/products/7',
      status: 200,
      times: 91,
    },
    { method: 'POST', template: '/api/orders', path: '/api/orders', status: 201, times: 61 },
    {
      method: 'POST',
      template: '/api/orders/bad',
      path: '/api/orders/bad',
      status: 422,
      times: 27,
    },
    {
      method: 'GET',
      template: '/api/checkout',
      path: '/api/checkout',
      status: 500,
      throws: 'PaymentDeclinedError',
      times: 17,
    },
    { method: 'GET', template: 'unmatched', path: '/no/such/page', status: 404, times: 11 },
  ],
  users: [
    { method: 'GET', template: '/users/:id', path: '/users/42', status: 200, times: 81 },
    { method: 'PUT', template: '/users/:id', path: '/users/42', status: 204, times: 41 },
    { method: 'DELETE', template: '/users/:id', path: '/users/42', status: 403, times: 21 },
    {
      method: 'GET',
      template: '/reports/:year',
      path: '/reports/2026',
      status: 500,
      throws: 'ReportTimeoutError',
      times: 13,
    },
  ],
  files: [
    {
      method: 'GET',
      template: STREAM_ROUTE,
      path: '/files/pkg-1.0.0.tgz',
      status: 200,
      stream: true,
      times: 50,
    },
    { method: 'GET', template: '/search', path: '/search?q=x', status: 200, times: 71 },
    { method: 'GET', template: '/flaky', path: '/flaky', status: 503, times: 19 },
  ],
  items: [
    { method: 'GET', template: '/api/items/:id', path: '/api/items/3', status: 200, times: 101 },
    { method: 'POST', template: '/api/items', path: '/api/items', status: 201, times: 41 },
    {
      method: 'GET',
      template: '/api/items/:id/bad',
      path: '/api/items/3/bad',
      status: 400,
      times: 21,
    },
    {
      method: 'GET',
      template: '/boom',
      path: '/boom',
      status: 500,
      throws: 'BoomError',
      times: 15,
    },
  ],
};

/** The error type the dashboard (and, since issue 21, `/metrics`) gives a request of `route`, or undefined below 400. */
export function errorTypeOf(route: FleetRoute): string | undefined {
  if (route.status < 400) return undefined;
  return route.throws ?? `HTTP ${route.status}`;
}

/**
 * The delay of the `k`th of a route's `times` requests, in ms: 200 ms plus
 * half a millisecond a request, in a spread order (37 is prime to every
 * `times` above). So a route's durations lie close together (adjacent ones
 * about 0.25% apart), and the exact percentile of either rank convention
 * (nearest rank, or Prometheus' q·n) is the same within a fraction of 2%.
 */
export function delayOf(k: number, times: number): number {
  return 200 + Math.floor(((k * 37) % times) / 2);
}
