/**
 * One server of the HTTP benchmark, started by bench/http/httpBench.ts in
 * its own process with the variant's preload (see variants.ts):
 *
 *   node [--import …] dist/bench/http/benchServer.js <variant>
 *
 * Every variant serves the same Koa app: the trivial route, and the two
 * realistic ones of realisticRoutes.ts (about 1 ms of awaited I/O or CPU); in the OpenTelemetry
 * variants the zero-code Koa hook names the route on the span, and the
 * swagger-stats variant its middleware through express-to-koa. Reports its
 * port, CPU time and request counts over IPC (serveBenchIpc.ts).
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import Router, { type RouterMiddleware } from '@koa/router';
import Koa from 'koa';
import { getGoldenSignals } from '../../src/index.js';
import {
  cpuWork,
  cpuWorkDocument,
  ioWork,
  REALISTIC_ROUTES,
  type RealisticRouteKey,
} from './realisticRoutes.js';
import { serveBenchIpc } from './serveBenchIpc.js';
import type { VariantKey } from './variants.js';

type ExpressMiddleware = (req: unknown, res: unknown, next: (err?: unknown) => void) => void;
const require = createRequire(import.meta.url);

const variant = process.argv[2] as VariantKey;
const app = new Koa();
if (variant === 'swagger_stats') {
  const swStats = require('swagger-stats') as {
    getMiddleware: (options: object) => ExpressMiddleware;
  };
  const e2k = require('express-to-koa') as (m: ExpressMiddleware) => Koa.Middleware;
  app.use(e2k(swStats.getMiddleware({})));
}
if (variant !== 'plain' && variant !== 'swagger_stats') {
  // Throws when the variant's --import preload is missing; its Koa hook names the route.
  getGoldenSignals();
}
const router = new Router();
router.get('/items/:id', (ctx) => {
  ctx.body = { id: ctx.params.id };
});
const doc = cpuWorkDocument();
const realistic: Record<RealisticRouteKey, RouterMiddleware> = {
  io_1ms: async (ctx) => {
    await ioWork();
    ctx.body = { id: ctx.params.id };
  },
  cpu_1ms: (ctx) => {
    ctx.body = { id: ctx.params.id, checksum: cpuWork(doc) };
  },
};
for (const route of REALISTIC_ROUTES) router.get(route.template, realistic[route.key]);
app.use(router.routes());

const server = http.createServer(app.callback());
server.listen(0, '127.0.0.1', () => serveBenchIpc(server));
