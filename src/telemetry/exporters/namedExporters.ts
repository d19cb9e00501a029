/**
 * The exporters the configuration names, built on demand: each official OTLP
 * exporter is loaded only when `OTEL_TRACES_EXPORTER` / `OTEL_METRICS_EXPORTER`
 * name `otlp` with its protocol, so gRPC is never loaded (nor installed) by an
 * app that does not export over gRPC. Which exporters are named is the
 * configuration's business (config.ts); this file only builds them.
 */

import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { OtlpProtocol } from '../../config.js';
import type { OptionalPackages } from './OptionalPackages.js';

/** The trace exporter package of each OTLP protocol. */
export const OTLP_TRACE_PACKAGES: Readonly<Record<OtlpProtocol, string>> = {
  'http/protobuf': '@opentelemetry/exporter-trace-otlp-proto',
  'http/json': '@opentelemetry/exporter-trace-otlp-http',
  grpc: '@opentelemetry/exporter-trace-otlp-grpc',
};

/** The metric exporter package of each OTLP protocol. */
export const OTLP_METRIC_PACKAGES: Readonly<Record<OtlpProtocol, string>> = {
  'http/protobuf': '@opentelemetry/exporter-metrics-otlp-proto',
  'http/json': '@opentelemetry/exporter-metrics-otlp-http',
  grpc: '@opentelemetry/exporter-metrics-otlp-grpc',
};

/** The shape of an OTLP trace exporter package, as much as we use of it. */
interface TraceExporterPackage {
  OTLPTraceExporter: new () => SpanExporter;
}

/** The shape of an OTLP metric exporter package, as much as we use of it. */
interface MetricExporterPackage {
  OTLPMetricExporter: new () => PushMetricExporter;
}

/**
 * The official OTLP span exporter for `protocol`, or undefined (said once on
 * the logger) when its package is not installed. Each reads
 * `OTEL_EXPORTER_OTLP_[TRACES_]{ENDPOINT,HEADERS,TIMEOUT,COMPRESSION}` itself.
 */
export function otlpSpanExporter(
  protocol: OtlpProtocol,
  packages: OptionalPackages,
): SpanExporter | undefined {
  const name = OTLP_TRACE_PACKAGES[protocol];
  const pkg = packages.load<TraceExporterPackage>(
    name,
    `OTEL_TRACES_EXPORTER=otlp over ${protocol}`,
  );
  return pkg === undefined ? undefined : new pkg.OTLPTraceExporter();
}

/** The official OTLP metric exporter for `protocol`, or undefined when its package is not installed; reads `OTEL_EXPORTER_OTLP_[METRICS_]*` itself. */
export function otlpMetricExporter(
  protocol: OtlpProtocol,
  packages: OptionalPackages,
): PushMetricExporter | undefined {
  const name = OTLP_METRIC_PACKAGES[protocol];
  const pkg = packages.load<MetricExporterPackage>(
    name,
    `OTEL_METRICS_EXPORTER=otlp over ${protocol}`,
  );
  return pkg === undefined ? undefined : new pkg.OTLPMetricExporter();
}
