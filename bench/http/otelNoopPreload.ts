/**
 * Preload of the benchmark's "bare OTel" row: the product's own SDK set-up
 * (startGoldenSignals, same environment as the default row) with a no-op
 * SpanExporter where the DashboardSpanExporter would be, so the difference
 * to the default row is the cost of our exporter and store.
 *
 *   node --import ./dist/bench/http/otelNoopPreload.js dist/bench/http/benchServer.js otel_noop
 */
import { ExportResultCode } from '@opentelemetry/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { registerGoldenSignals } from '../../src/registeredGoldenSignals.js';
import { startGoldenSignals } from '../../src/startGoldenSignals.js';

const noopExporter: SpanExporter = {
  export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }),
  shutdown: () => Promise.resolve(),
};
registerGoldenSignals(startGoldenSignals({}, { dashboardExporter: () => noopExporter }));
