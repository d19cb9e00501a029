/**
 * The Fastify 5 server of the per-framework benchmark rows, started by
 * bench/http/frameworkBench.ts in its own process:
 *
 *   node [--import ./dist/instrumentation.js] dist/bench/http/fastifyServer.js <variant>
 *
 * Every variant serves the same trivial route, `GET /items/:id` →
 * `{"id": …}`. Ours is zero-code: the app is the plain one and only the
 * preload differs. fastify-metrics is registered as its README shows, with
 * its defaults (route histogram and summary, default process metrics).
 */
import { createRequire } from 'node:module';
import Fastify from 'fastify';
import { serveBenchIpc } from './serveBenchIpc.js';
import type { FrameworkVariantKey } from './variants.js';

// CommonJS with `exports.default`: an ESM default import would get the exports object.
const { default: fastifyMetrics } = createRequire(import.meta.url)(
  'fastify-metrics',
) as typeof import('fastify-metrics');

const variant = process.argv[2] as FrameworkVariantKey;
const app = Fastify({ logger: false });
if (variant === 'fastify_metrics') {
  await app.register(fastifyMetrics, { endpoint: '/metrics' });
} else if (variant !== 'fastify_plain' && variant !== 'fastify_ours') {
  throw new Error(`fastifyServer.js: unknown variant ${variant}`);
}
app.get<{ Params: { id: string } }>('/items/:id', async (req) => ({ id: req.params.id }));

await app.listen({ port: 0, host: '127.0.0.1' });
serveBenchIpc(app.server);
