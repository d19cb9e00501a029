// An app's own OpenTelemetry set-up, as it was before golden-signals: a
// NodeSDK exporting OTLP (protobuf) to OTEL_EXPORTER_OTLP_ENDPOINT, with the
// HTTP instrumentation. GS decides what golden-signals adds, in processor mode:
//   off        nothing (the control run)
//   processor  the span processor, the sampler and the HTTP config; no route hooks
//   full       that, plus the route hooks and the Prometheus reader
// Loaded with `node --import ./otel.mjs app.js`; app.js imports `gs` from here.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { createGoldenSignals } from 'golden-signals';

const mode = process.env.GS ?? 'off';
export const gs = mode === 'off' ? undefined : createGoldenSignals({ port: false });

const theirs = new BatchSpanProcessor({
  exporter: new OTLPTraceExporter(),
  scheduledDelayMillis: 100,
});
const sdk = new NodeSDK({
  serviceName: 'byo-app',
  ...(gs === undefined ? {} : { sampler: gs.sampler() }),
  spanProcessors: gs === undefined ? [theirs] : [gs.spanProcessor(), theirs],
  ...(mode === 'full' ? { metricReaders: [gs.metricReader()] } : {}),
  instrumentations: [
    new HttpInstrumentation(gs === undefined ? {} : gs.httpInstrumentationConfig()),
    ...(mode === 'full' ? gs.instrumentations() : []),
  ],
});
sdk.start();

process.on('SIGTERM', () => {
  sdk.shutdown().finally(() => process.exit(0));
});
