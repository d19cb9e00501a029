/**
 * Builds and starts the OpenTelemetry SDK (LightNodeSdk) for a configuration: the
 * resource, the span processors chosen by `OTEL_TRACES_EXPORTER`, the metric
 * readers chosen by `OTEL_METRICS_EXPORTER`, and the HTTP instrumentation.
 * Only the composition root (startGoldenSignals) calls it.
 */

import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import {
  envDetector,
  processDetector,
  type ResourceDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import type { MetricReader, PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { ConsoleMetricExporter, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  createAlwaysRecordSampler,
  ParentBasedSampler,
  type Sampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { ForwardingSpanProcessor } from '../cluster/ForwardingSpanProcessor.js';
import type { Config } from '../config.js';
import { InternalErrors } from '../guard/InternalErrors.js';
import type { RequestStore } from '../store/RequestStore.js';
import { CountingBatchSpanProcessor } from './CountingBatchSpanProcessor.js';
import { createDashboardPipeline, type PipelineLogger } from './dashboardPipeline.js';
import { otlpMetricExporter, otlpSpanExporter } from './exporters/namedExporters.js';
import { OptionalPackages } from './exporters/OptionalPackages.js';
import { keepSpanRouteInMetric } from './http/keepSpanRouteInMetric.js';
import { LeanHttpInstrumentation } from './http/LeanHttpInstrumentation.js';
import type { ServerDurationHistogram } from './http/ServerDurationHistogram.js';
import { ServerDurationPrometheusExporter } from './http/ServerDurationPrometheusExporter.js';
import { NoEmitterBindingContextManager } from './NoEmitterBindingContextManager.js';
import { PooledIdGenerator } from './PooledIdGenerator.js';
import { registerPipelineMetrics } from './registerPipelineMetrics.js';
import { routeFallbackHook } from './routeFallbackHook.js';
import { LightNodeSdk } from './sdk/LightNodeSdk.js';
import { propagatorFromEnv } from './sdk/propagatorFromEnv.js';
import type { Telemetry } from './Telemetry.js';
import { pipelineSourcesOf, telemetryOver } from './telemetryOver.js';

// Spelled here: the package's ESM entry would load its whole index (about 1 MB
// resident) beside the CommonJS copy OpenTelemetry's own packages load.
const ATTR_SERVICE_NAME = 'service.name';

/** What `startTelemetry` needs beyond the configuration. */
export interface TelemetryStartOptions {
  /** True for an incoming request that must not be traced (the dashboard's own paths). */
  readonly ignoreIncoming: (req: IncomingMessage) => boolean;
  /** The route template of a request no framework hook named (plain node:http). */
  readonly route?: ((req: IncomingMessage) => string | undefined) | undefined;
  /**
   * Builds the instrumentations beside the HTTP one (the framework route
   * hooks, the user's own); called once the HTTP one exists (see startTelemetry).
   */
  readonly instrumentations?: () => readonly Instrumentation[];
  /**
   * Builds the exporter the dashboard processor feeds, instead of the
   * DashboardSpanExporter. The benchmark's "bare OTel" row passes a no-op
   * exporter here, so everything else is the product's own SDK set-up.
   */
  readonly dashboardExporter?: ((store: RequestStore) => SpanExporter) | undefined;
  /**
   * A `node:cluster` worker's forwarding: every recorded span goes, in
   * compact batches (ForwardingSpanProcessor), to the receiver at `url`
   * (the primary's own port), which records it in the one store.
   */
  readonly forward?: ForwardSettings | undefined;
  /** The handle's guard: counts what our span hooks, snapshot writes and shutdown steps catch; one logging to `log` when none is given. */
  readonly guard?: InternalErrors | undefined;
  /** The caller's logger: the snapshot's messages and the lean path's warning go there. */
  readonly log: PipelineLogger;
  /** What decides the sampled flag (`OTEL_TRACES_SAMPLER`, as a drop-in); parent-based always-on by default. */
  readonly rootSampler?: Sampler | undefined;
  /** The resource detectors (auto-instrumentations-node's, as a drop-in); env and process by default. */
  readonly resourceDetectors?: ResourceDetector[] | undefined;
}

/** Where and how a worker forwards its spans. */
export interface ForwardSettings {
  /** The receiver's origin; spans go to `<url>/v1/traces`. */
  readonly url: string;
  /** The dashboard token, when one is set: the receiver requires it. */
  readonly token: string | undefined;
  /** The batch delay: the most the dashboard lags behind the worker. */
  readonly delayMs: number;
}

/**
 * The metric readers for `OTEL_METRICS_EXPORTER`. Passing them explicitly
 * keeps them to the ones named (NodeSDK would add readers of its own
 * from the environment, and start a second HTTP server on 9464 for `prometheus`).
 */
function metricReadersFor(
  config: Config,
  durations: ServerDurationHistogram | undefined,
  packages: OptionalPackages,
): {
  readers: MetricReader[];
  prometheus: ServerDurationPrometheusExporter | undefined;
} {
  const names = config.metricsExporters;
  const periodic = (exporter: PushMetricExporter): PeriodicExportingMetricReader =>
    new PeriodicExportingMetricReader({
      exporter,
      exportIntervalMillis: config.otlp.metricExportIntervalMillis,
    });
  // Served by the app on its own port (GET /metrics), not by a server of the exporter's.
  const prometheus = !names.includes('prometheus')
    ? undefined
    : new ServerDurationPrometheusExporter(durations, { preventServerStart: true });
  const readers: MetricReader[] = [];
  if (prometheus !== undefined) readers.push(prometheus);
  const otlp = names.includes('otlp')
    ? otlpMetricExporter(config.otlp.metricsProtocol, packages)
    : undefined;
  if (otlp !== undefined) readers.push(periodic(otlp));
  if (names.includes('console')) readers.push(periodic(new ConsoleMetricExporter()));
  return { readers, prometheus };
}

/**
 * Span limits: attribute values are cut at 2 KB (a hostile URL or header
 * cannot make a span, or an OTLP batch, arbitrarily large), and counts are
 * kept small. Exported so a test can check the running SDK uses them.
 */
export const SPAN_LIMITS = Object.freeze({
  attributeValueLengthLimit: 2_048,
  attributeCountLimit: 64,
  eventCountLimit: 16,
  linkCountLimit: 16,
});

/** The started telemetry, and what the composition root needs of it beyond {@link Telemetry}. */
export interface StartedTelemetry extends Telemetry {
  /** A cluster worker's forwarding processor; undefined in any other process. */
  readonly forwarder: ForwardingSpanProcessor | undefined;
  /** The HTTP instrumentation in use: LeanHttpInstrumentation, or the stock class (`GOLDEN_SIGNALS_HTTP_INSTRUMENTATION=stock`). */
  readonly httpInstrumentation: HttpInstrumentation;
  /** Our own `http.server.request.duration`, when it serves /metrics (`GOLDEN_SIGNALS_HTTP_METRICS=fast`). */
  readonly serverDurations: ServerDurationHistogram | undefined;
  /** The exporter behind `/metrics` (`OTEL_METRICS_EXPORTER` has `prometheus`), where received instances' series are added. */
  readonly prometheus: ServerDurationPrometheusExporter | undefined;
}

/** Builds and starts the SDK for a configuration. Call once per process. */
export function startTelemetry(config: Config, options: TelemetryStartOptions): StartedTelemetry {
  // The HTTP instrumentation first, before any exporter is built: the gRPC one
  // loads node:http, and once require-in-the-middle has seen a module load
  // (its hook exists as soon as any instrumentation does) it never offers it
  // to an instrumentation registered later, so http would stay unpatched.
  const { route, log } = options;
  const guard = options.guard ?? new InternalErrors(log);
  const httpConfig = {
    ignoreIncomingRequestHook: options.ignoreIncoming,
    ...(route === undefined ? {} : { applyCustomAttributesOnSpan: routeFallbackHook(route) }),
  };
  const lean = config.httpInstrumentation !== 'stock';
  // AsyncLocalStorage without re-binding every request/response listener (measured: see the class).
  const contextManager = new NoEmitterBindingContextManager();
  // Our own server duration histogram only where a Prometheus reader is the
  // only one: it serves cumulative series at scrape time, which a push
  // reader (OTLP, console) would not see.
  const ownHistogram =
    config.httpMetrics === 'fast' && config.metricsExporters.join() === 'prometheus';
  const http = lean
    ? new LeanHttpInstrumentation(httpConfig, {
        ownHistogram,
        // Our sampler and processors (below) read no attributes at span start.
        attributesAfterStart: true,
        // The diagnostics_channel server path: the handler's context is entered, not wrapped.
        enterContext:
          config.httpInstrumentation === 'lean-dc' ? contextManager.enterer() : undefined,
        warn: (m) => log.warn(m),
        guard,
      })
    : keepSpanRouteInMetric(new HttpInstrumentation(httpConfig));
  const instrumentations: Instrumentation[] = [http];
  instrumentations.push(...(options.instrumentations?.() ?? []));
  const pipeline = createDashboardPipeline(config, {
    dashboardExporter: options.dashboardExporter,
    log,
    guard,
    feedLive: options.forward === undefined,
  });
  const inFlight = pipeline.processor;
  const names = config.tracesExporters;
  // Exporter packages load here, when named: after the HTTP instrumentation (above).
  const packages = new OptionalPackages(log);
  const otlpExporter = names.includes('otlp')
    ? otlpSpanExporter(config.otlp.tracesProtocol, packages)
    : undefined;
  const otlp =
    otlpExporter === undefined
      ? undefined
      : new CountingBatchSpanProcessor(otlpExporter, config.otlp.batch, false, guard);
  const { forward } = options;
  const forwarded =
    forward === undefined
      ? undefined
      : new ForwardingSpanProcessor({
          url: `${forward.url}/v1/traces`,
          token: forward.token,
          timeoutMs: config.otlp.batch.exportTimeoutMillis,
          batch: { ...config.otlp.batch, scheduledDelayMillis: forward.delayMs },
          guard,
        });
  const consoleProcessor = names.includes('console')
    ? new BatchSpanProcessor({ ...config.otlp.batch, exporter: new ConsoleSpanExporter() })
    : undefined;
  // With `none` alone there is no processor, so the SDK registers no tracer
  // provider and no span is made: nothing counts in-flight requests then.
  const tracing = !names.includes('none');
  const spanProcessors = tracing
    ? [inFlight, ...[forwarded, otlp, consoleProcessor].filter((p) => p !== undefined)]
    : [];
  // An unknown upstream turns the lean path off: the SDK histogram then records.
  const durations =
    http instanceof LeanHttpInstrumentation && http.upstreamProblem === undefined
      ? http.serverDurations
      : undefined;
  const { readers, prometheus } = metricReadersFor(config, durations, packages);
  const sdk = new LightNodeSdk({
    serviceName: config.serviceName,
    // host.name with process.pid names the instance when service.instance.id is not set.
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: config.serviceName,
      'host.name': hostname(),
    }),
    // Synchronous detectors only: the host detector resolves host.id later.
    resourceDetectors: options.resourceDetectors ?? [envDetector, processDetector],
    // Every request is recorded, so the dashboard counts them all; the
    // parent's sampled flag still decides what reaches exporters that sample.
    sampler: createAlwaysRecordSampler(
      options.rootSampler ?? new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    ),
    contextManager,
    idGenerator: new PooledIdGenerator(),
    spanProcessors,
    spanLimits: { ...SPAN_LIMITS },
    metricReaders: readers,
    textMapPropagator: propagatorFromEnv(packages),
    instrumentations,
  });
  sdk.start();
  // Apply the http patch now, whatever loads http first: ESM imports of
  // node:http share Server.prototype with require('node:http').
  createRequire(import.meta.url)('node:http');
  const telemetry = telemetryOver(pipeline, {
    config,
    guard,
    stopSpans: () => sdk.shutdown(),
    release: () => {
      // Leave the process as it was, so another pipeline can start after this one.
      for (const instrumentation of instrumentations) {
        guard.run('shutdown.instrumentations', () => instrumentation.disable(), undefined);
      }
      trace.disable();
      context.disable();
      propagation.disable();
      metrics.disable();
    },
    metricsHandler: prometheus === undefined ? undefined : (req, res) => prometheus.serve(req, res),
    otlpSpans: () => otlp?.stats(),
    forwardedSpans: () => forwarded?.stats(),
  });
  // A no-op meter when there is no reader (OTEL_METRICS_EXPORTER=none).
  registerPipelineMetrics(
    metrics.getMeter('golden-signals'),
    pipelineSourcesOf(telemetry, tracing),
  );
  return {
    ...telemetry,
    forwarder: forwarded,
    httpInstrumentation: http,
    serverDurations: durations,
    prometheus,
  };
}
