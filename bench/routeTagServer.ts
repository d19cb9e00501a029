/**
 * One variant of the route-tagging measurement, started by bench/routeTag.ts
 * in its own process: `node dist/bench/routeTagServer.js <variant>`.
 * Prints the port on stdout. Variants:
 * - plain: Koa and @koa/router, no OpenTelemetry;
 * - routeTag: NodeSDK + instrumentation-http + our routeTag middleware;
 * - koaInstrumentation: NodeSDK + instrumentation-http + @opentelemetry/instrumentation-koa.
 * Both OTel variants use a no-op exporter and no metrics, so only route tagging differs.
 */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { ExportResultCode } from '@opentelemetry/core';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KoaInstrumentation } from '@opentelemetry/instrumentation-koa';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace';

const variant = process.argv[2] ?? 'plain';
const noopExporter: SpanExporter = {
  export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }),
  shutdown: () => Promise.resolve(),
};
if (variant !== 'plain') {
  const instrumentations: Instrumentation[] = [new HttpInstrumentation()];
  if (variant === 'koaInstrumentation') instrumentations.push(new KoaInstrumentation());
  new NodeSDK({
    spanProcessors: [new SimpleSpanProcessor({ exporter: noopExporter })],
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations,
  }).start();
}
// Load Koa only after the SDK started, through require, so instrumentation-koa can patch it.
const require = createRequire(import.meta.url);
const Koa = require('koa') as typeof import('koa');
const Router = require('@koa/router') as typeof import('@koa/router').default;
const { routeTag } = await import('../src/http/routeTag.js');

const app = new Koa();
if (variant === 'routeTag') app.use(routeTag());
const router = new Router();
router.get('/items/:id', (ctx) => {
  ctx.body = { id: ctx.params.id };
});
app.use(router.routes());
const server = app.listen(0, '127.0.0.1', () => {
  console.log((server.address() as AddressInfo).port);
});
