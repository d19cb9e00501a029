/**
 * Bench preload: `BENCH_VARIANT=plain|http|contrib|ours node --import
 * dist/bench/routes/preload.js app`. Every variant answers the parent's
 * `cpu` IPC message with process.cpuUsage(), so measuring adds no request.
 */
import { FastifyOtelInstrumentation } from '@fastify/otel';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KoaInstrumentation, KoaLayerType } from '@opentelemetry/instrumentation-koa';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace';
import { routeInstrumentations } from '../../src/routes/routeInstrumentations.js';

/** Drops every span: the bench measures making spans, not shipping them. */
const dropping: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => {},
};

/** The contrib instrumentations, each configured as cheaply as it allows. */
function contrib(): Instrumentation[] {
  return [
    new KoaInstrumentation({ ignoreLayersType: [KoaLayerType.MIDDLEWARE] }),
    new ExpressInstrumentation({
      ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER],
    }),
    new FastifyOtelInstrumentation({ registerOnInitialization: true }),
  ];
}

const variant = process.env.BENCH_VARIANT ?? 'plain';
if (variant !== 'plain') {
  const extra =
    variant === 'contrib' ? contrib() : variant === 'ours' ? routeInstrumentations() : [];
  new NodeSDK({
    spanProcessors: [new BatchSpanProcessor({ exporter: dropping })],
    instrumentations: [new HttpInstrumentation(), ...extra],
  }).start();
}

process.on('message', (message) => {
  if (message === 'cpu') process.send?.(process.cpuUsage());
});
process.channel?.unref();
