/**
 * One server of the HTTP benchmark, started by bench/http/httpBench.ts in
 * its own process with the variant's preload (see variants.ts):
 *
 *   node [--import …] dist/bench/http/benchServer.js <variant>
 *
 * Every variant serves the same Koa app and trivial route; in the OpenTelemetry
 * variants the zero-code Koa hook names the route on the span, and the
 * swagger-stats variant its middleware through express-to-koa. Reports its
 * port, and on request its CPU time and what its dashboard store recorded,
 * over the IPC channel.
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import Koa from 'koa';
import { getGoldenSignals } from '../../src/index.js';
import type { VariantKey } from './variants.js';

type ExpressMiddleware = (req: unknown, res: unknown, next: (err?: unknown) => void) => void;
const require = createRequire(import.meta.url);

/** Messages the server answers on its IPC channel. */
export interface ServerStats {
  readonly cpuMicros: number;
  /** Requests the server received. */
  readonly received: number;
  /** Requests the dashboard store recorded; -1 without one. */
  readonly recorded: number;
}

/** What the dashboard store recorded, or -1 without golden-signals. */
function recordedByDashboard(): number {
  try {
    return getGoldenSignals().store?.totalRecorded ?? -1;
  } catch {
    return -1;
  }
}

const variant = process.argv[2] as VariantKey;
const app = new Koa();
if (variant === 'swagger_stats') {
  const swStats = require('swagger-stats') as {
    getMiddleware: (options: object) => ExpressMiddleware;
  };
  const e2k = require('express-to-koa') as (m: ExpressMiddleware) => Koa.Middleware;
  app.use(e2k(swStats.getMiddleware({})));
}
if (variant === 'otel_noop' || variant === 'full' || variant === 'lean') {
  // Throws when the variant's --import preload is missing; its Koa hook names the route.
  getGoldenSignals();
}
const router = new Router();
router.get('/items/:id', (ctx) => {
  ctx.body = { id: ctx.params.id };
});
app.use(router.routes());

const server = http.createServer(app.callback());
let received = 0;
server.on('request', () => {
  received++;
});
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('message', () => {
  const { user, system } = process.cpuUsage();
  const stats: ServerStats = {
    cpuMicros: user + system,
    received,
    recorded: recordedByDashboard(),
  };
  process.send?.(stats);
});
process.on('disconnect', () => process.exit(0));
