/**
 * The only place that builds the OpenTelemetry NodeSDK. Load it before the
 * app: `node --import ./dist/instrumentation.js dist/src/server.js`.
 *
 * It reads the configuration once, builds the resource, the span processors
 * chosen by `OTEL_TRACES_EXPORTER`, the metric readers chosen by
 * `OTEL_METRICS_EXPORTER`, and the HTTP instrumentation, then hands the
 * store to server.ts through `telemetryHandoff`.
 */
import { createRequire } from 'node:module';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { envDetector, processDetector, resourceFromAttributes } from '@opentelemetry/resources';
import type { MetricReader } from '@opentelemetry/sdk-metrics';
import { ConsoleMetricExporter, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  createAlwaysRecordSampler,
  ParentBasedSampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { type Config, ConfigError, loadConfig } from './src/config.js';
import { RequestStore } from './src/store/RequestStore.js';
import { DashboardSpanExporter } from './src/telemetry/DashboardSpanExporter.js';
import { DashboardSpanProcessor } from './src/telemetry/DashboardSpanProcessor.js';
import { isExcludedPath } from './src/telemetry/isExcludedPath.js';
import type { Telemetry } from './src/telemetry/Telemetry.js';
import { publishTelemetry } from './src/telemetry/telemetryHandoff.js';

/** The processors for one `OTEL_TRACES_EXPORTER` entry; `memory` is handled apart. */
function processorsFor(name: Config['tracesExporters'][number]): SpanProcessor[] {
  switch (name) {
    case 'console':
      return [new BatchSpanProcessor({ exporter: new ConsoleSpanExporter() })];
    case 'memory':
    case 'none':
      return [];
  }
}

/** The metric readers for `OTEL_METRICS_EXPORTER`. Passing them explicitly stops NodeSDK adding its default OTLP reader. */
function metricReadersFor(names: Config['metricsExporters']): MetricReader[] {
  return names.flatMap((name): MetricReader[] => {
    switch (name) {
      case 'console':
        return [new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter() })];
      default:
        return [];
    }
  });
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

/** Builds and starts the SDK for a configuration. Call once per process. */
export function startTelemetry(config: Config): Telemetry {
  const store = config.tracesExporters.includes('memory')
    ? new RequestStore({ retentionMs: config.retentionMs, seriesLimit: config.seriesLimit })
    : undefined;
  const exporter = store === undefined ? undefined : new DashboardSpanExporter(store);
  const dashboard = exporter === undefined ? undefined : new DashboardSpanProcessor(exporter);
  const spanProcessors = [
    ...(dashboard === undefined ? [] : [dashboard]),
    ...config.tracesExporters.flatMap(processorsFor),
  ];
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName }),
    // Synchronous detectors only: the host detector resolves host.id later.
    resourceDetectors: [envDetector, processDetector],
    // Every request is recorded, so the dashboard counts them all; the
    // parent's sampled flag still decides what reaches exporters that sample.
    sampler: createAlwaysRecordSampler(new ParentBasedSampler({ root: new AlwaysOnSampler() })),
    spanProcessors,
    spanLimits: { ...SPAN_LIMITS },
    metricReaders: metricReadersFor(config.metricsExporters),
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => isExcludedPath(req.url),
      }),
    ],
  });
  sdk.start();
  // Apply the http patch now, whatever loads http first: ESM imports of
  // node:http share Server.prototype with require('node:http').
  createRequire(import.meta.url)('node:http');
  let stopping: Promise<void> | undefined;
  return {
    store,
    tracesExporters: config.tracesExporters,
    activeRequests: () => dashboard?.activeRequests ?? 0,
    droppedSpans: () => (exporter?.droppedSpans ?? 0) + (dashboard?.failedExports ?? 0),
    shutdown: () => {
      stopping ??= sdk.shutdown();
      return stopping;
    },
  };
}

let config: Config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`golden-signals: ${err.message}`);
  process.exit(1);
}
publishTelemetry({ telemetry: startTelemetry(config), config });
