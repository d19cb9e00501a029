/**
 * The Express 5 server of the per-framework benchmark rows, started by
 * bench/http/frameworkBench.ts in its own process:
 *
 *   node [--import ./dist/instrumentation.js] dist/bench/http/expressServer.js <variant>
 *
 * Every variant serves the same trivial route, `GET /items/:id` →
 * `{"id": …}`. Ours is zero-code: the app is the plain one and only the
 * preload differs. Each peer is mounted the way its README shows, before the
 * route, with the labels that make its metrics per route.
 */
import { createRequire } from 'node:module';
import express from 'express';
import { serveBenchIpc } from './serveBenchIpc.js';
import type { FrameworkVariantKey } from './variants.js';

type ExpressMiddleware = (req: unknown, res: unknown, next: (err?: unknown) => void) => void;
const require = createRequire(import.meta.url);

const variant = process.argv[2] as FrameworkVariantKey;
const app = express();
if (variant === 'express_swagger_stats') {
  const swStats = require('swagger-stats') as {
    getMiddleware: (options: object) => ExpressMiddleware;
  };
  app.use(swStats.getMiddleware({}));
} else if (variant === 'express_prom_bundle') {
  const promBundle = require('express-prom-bundle') as (options: object) => ExpressMiddleware;
  app.use(promBundle({ includeMethod: true, includePath: true }));
} else if (variant !== 'express_plain' && variant !== 'express_ours') {
  throw new Error(`expressServer.js: unknown variant ${variant}`);
}
app.get('/items/:id', (req, res) => {
  res.json({ id: req.params.id });
});

const server = app.listen(0, '127.0.0.1', () => serveBenchIpc(server));
