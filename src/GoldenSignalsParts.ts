import type { Instrumentation } from '@opentelemetry/instrumentation';
import type {
  HttpInstrumentation,
  HttpInstrumentationConfig,
} from '@opentelemetry/instrumentation-http';
import type { MetricReader } from '@opentelemetry/sdk-metrics';
import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { GoldenSignals } from './GoldenSignals.js';
import type { GoldenSignalsOptions } from './GoldenSignalsOptions.js';

/**
 * Options of {@link createGoldenSignals}: those of startGoldenSignals
 * except what the app's own SDK decides (its exporters and instrumentations).
 */
export type GoldenSignalsPartsOptions = Omit<
  GoldenSignalsOptions,
  'tracesExporters' | 'metricsExporters' | 'instrumentations'
>;

/**
 * What {@link createGoldenSignals} returns: the dashboard, exactly as the
 * handle of startGoldenSignals serves it, plus the parts to give the app's
 * own OpenTelemetry SDK. Nothing is registered globally and no SDK is
 * started; the app's SDK owns the providers, the exporters and the HTTP
 * instrumentation.
 *
 * ```ts
 * const gs = createGoldenSignals();
 * new NodeSDK({
 *   sampler: gs.sampler(),
 *   spanProcessors: [gs.spanProcessor(), new BatchSpanProcessor(new OTLPTraceExporter())],
 *   metricReaders: [gs.metricReader()],
 *   instrumentations: [new HttpInstrumentation(gs.httpInstrumentationConfig()), ...gs.instrumentations()],
 * }).start();
 * ```
 */
export interface GoldenSignalsParts extends GoldenSignals {
  /**
   * The span processor that feeds the dashboard's store and counts requests
   * in flight. Put it first in `spanProcessors`: it reads each ended span
   * and changes nothing, so the processors after it export the same spans.
   * The same instance on every call.
   */
  spanProcessor(): SpanProcessor;
  /**
   * The route-template hooks of Koa (with @koa/router), Express 4/5 and
   * Fastify 5, for the SDK's `instrumentations`. They set `http.route` and
   * `error.type` on the server span and open no spans. The first call also
   * registers the ESM loader hook that ESM Koa apps need, so call it from
   * the preload, before the app is imported.
   */
  instrumentations(): Instrumentation[];
  /**
   * HttpInstrumentation's configuration with the dashboard's additions
   * merged into yours: the dashboard's paths and the ignored ones are not
   * traced, and with the `route` option, plain node:http requests get their
   * template. Your own hooks still run.
   */
  httpInstrumentationConfig(config?: HttpInstrumentationConfig): HttpInstrumentationConfig;
  /**
   * golden-signals' LeanHttpInstrumentation over {@link httpInstrumentationConfig}:
   * the spans and histogram of HttpInstrumentation with less work per
   * request (the histogram stays your SDK's). Use it instead of
   * `new HttpInstrumentation(gs.httpInstrumentationConfig(config))`.
   */
  httpInstrumentation(config?: HttpInstrumentationConfig): HttpInstrumentation;
  /**
   * A sampler that records every span, so that the dashboard counts every
   * request, while `root` (parent-based always-on by default) still decides
   * the sampled flag, hence what your exporters receive.
   */
  sampler(root?: Sampler): Sampler;
  /** The Prometheus reader behind the dashboard's `/metrics`; the same instance on every call. */
  metricReader(): MetricReader;
}
