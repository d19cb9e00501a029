import { ConfigError, type Env, integer, read } from './configValues.js';

/** OTLP transports `OTEL_EXPORTER_OTLP_*PROTOCOL` accepts. */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;

/** An OTLP transport. */
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** Batch span processor settings (`OTEL_BSP_*`), with the OTel spec's defaults. */
export interface BatchSettings {
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
  readonly scheduledDelayMillis: number;
  readonly exportTimeoutMillis: number;
}

/** What the OTLP exporters need beyond what they read from `OTEL_EXPORTER_OTLP_*` themselves. */
export interface OtlpSettings {
  readonly tracesProtocol: OtlpProtocol;
  readonly metricsProtocol: OtlpProtocol;
  /** Batching of spans for OTLP (and console). */
  readonly batch: BatchSettings;
  /** `OTEL_METRIC_EXPORT_INTERVAL`: how often pushed metrics (otlp, console) are sent. */
  readonly metricExportIntervalMillis: number;
}

function protocol(env: Env, signal: 'TRACES' | 'METRICS'): OtlpProtocol {
  const specific = `OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`;
  const name = read(env, specific) !== undefined ? specific : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const text = read(env, name);
  if (text === undefined) return 'http/protobuf';
  if (!(OTLP_PROTOCOLS as readonly string[]).includes(text)) {
    throw new ConfigError(`${name} must be one of ${OTLP_PROTOCOLS.join(', ')}, got: ${text}`);
  }
  return text as OtlpProtocol;
}

// The exporters read these themselves, but on a bad value fall back to a
// default with only a diagnostic log; checking here names the variable instead
// (a thrown ConfigError, or under the preload a reported default).
// Only OTLP/HTTP endpoints must be http(s) URLs: gRPC also takes host:port.
function checkOtlpEnvironment(env: Env, traces: OtlpProtocol, metrics: OtlpProtocol): void {
  const http = (p: OtlpProtocol) => p !== 'grpc';
  const endpoints: [string, boolean][] = [
    ['OTEL_EXPORTER_OTLP_ENDPOINT', http(traces) || http(metrics)],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', http(traces)],
    ['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', http(metrics)],
  ];
  for (const [name, mustBeHttp] of endpoints) {
    const text = read(env, name);
    if (text === undefined || !mustBeHttp) continue;
    const scheme = URL.canParse(text) ? new URL(text).protocol : '';
    if (scheme !== 'http:' && scheme !== 'https:') {
      throw new ConfigError(
        `${name} must be an http(s) URL such as http://127.0.0.1:4318, got: ${text}`,
      );
    }
  }
  for (const signal of ['', 'TRACES_', 'METRICS_']) {
    integer(env, `OTEL_EXPORTER_OTLP_${signal}TIMEOUT`, 10_000, 1, 600_000);
  }
}

/** The OTLP settings of `env`, each variable checked so that a bad value is named. */
export function otlpSettings(env: Env): OtlpSettings {
  const tracesProtocol = protocol(env, 'TRACES');
  const metricsProtocol = protocol(env, 'METRICS');
  checkOtlpEnvironment(env, tracesProtocol, metricsProtocol);
  const maxQueueSize = integer(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 2048, 1, 1_000_000);
  const maxExportBatchSize = integer(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512, 1, 1_000_000);
  if (maxExportBatchSize > maxQueueSize) {
    throw new ConfigError(
      `OTEL_BSP_MAX_EXPORT_BATCH_SIZE must not exceed OTEL_BSP_MAX_QUEUE_SIZE (${maxQueueSize}), got: ${maxExportBatchSize}`,
    );
  }
  return Object.freeze({
    tracesProtocol,
    metricsProtocol,
    batch: Object.freeze({
      maxQueueSize,
      maxExportBatchSize,
      scheduledDelayMillis: integer(env, 'OTEL_BSP_SCHEDULE_DELAY', 5000, 1, 3_600_000),
      exportTimeoutMillis: integer(env, 'OTEL_BSP_EXPORT_TIMEOUT', 30_000, 1, 3_600_000),
    }),
    metricExportIntervalMillis: integer(
      env,
      'OTEL_METRIC_EXPORT_INTERVAL',
      60_000,
      100,
      86_400_000,
    ),
  });
}
