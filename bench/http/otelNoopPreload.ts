/**
 * Preload of the benchmark's "bare OTel" row: the product's own SDK set-up
 * (instrumentation.ts, same environment as the default row) with a no-op
 * SpanExporter where the DashboardSpanExporter would be, so the difference
 * to the default row is the cost of our exporter and store.
 *
 *   node --import ./dist/bench/http/otelNoopPreload.js dist/bench/http/benchServer.js otel_noop
 */
import { ExportResultCode } from '@opentelemetry/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { requestStartOptions } from '../../src/telemetry/telemetryHandoff.js';

const noopExporter: SpanExporter = {
  export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }),
  shutdown: () => Promise.resolve(),
};
requestStartOptions({ dashboardExporter: () => noopExporter });
// Imported only now, so it sees the options when it starts the SDK.
await import('../../instrumentation.js');
