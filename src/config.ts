import { type AlertSettings, alertSettingsOf } from './alerts/AlertSettings.js';
import { ConfigError, type Env, integer, read } from './configValues.js';
import { DEFAULT_SERVER_TIMEOUTS, type ServerTimeouts } from './http/createHttpServer.js';
import { type OwnServerSettings, ownServerSettingsOf } from './http/OwnServerSettings.js';
import {
  type AutoInstrumentationsMode,
  autoInstrumentationsOf,
} from './otel/autoInstrumentationsOf.js';
import { type OtlpSettings, otlpSettings } from './otlpSettings.js';
import { type RedactQueryMode, redactQueryOf } from './privacy/RedactionSettings.js';
import {
  type PrometheusEngineSettings,
  prometheusEngineSettingsOf,
} from './promql/PrometheusEngineSettings.js';
import { DEFAULT_RECEIVER_MAX_BODY_BYTES } from './receiver/ReceiverLimits.js';
import { type SloSettings, sloSettingsOf } from './slo/SloSettings.js';
import { DEFAULT_N_PLUS_ONE_CALLS } from './store/dependencies/DependencyStore.js';
import { parseDuration } from './store/duration.js';
import { DEFAULT_RETENTION_MS, DEFAULT_SERIES_LIMIT } from './store/RequestStoreOptions.js';
import { type ThresholdSettings, thresholdSettingsOf } from './thresholds/ThresholdSettings.js';
import { type TraceSettings, traceSettingsOf } from './traces/TraceSettings.js';

export { ConfigError, type Env, integer, read } from './configValues.js';
export {
  type BatchSettings,
  OTLP_PROTOCOLS,
  type OtlpProtocol,
  type OtlpSettings,
} from './otlpSettings.js';

/** Trace exporters `OTEL_TRACES_EXPORTER` accepts. */
export const TRACE_EXPORTERS = ['memory', 'otlp', 'console', 'none'] as const;
/** Metric exporters `OTEL_METRICS_EXPORTER` accepts. */
export const METRIC_EXPORTERS = ['prometheus', 'otlp', 'console', 'none'] as const;
export type TraceExporterName = (typeof TRACE_EXPORTERS)[number];
export type MetricExporterName = (typeof METRIC_EXPORTERS)[number];

/** Shortest `GOLDEN_SIGNALS_DASHBOARD_TOKEN` accepted: a guessable token is worse than none, since it looks safe. */
export const MIN_TOKEN_LENGTH = 16;

/** Longest retention: minute buckets for 7 days are 10,081 slots. */
export const MAX_RETENTION_MS = 7 * 86_400_000;

/** How a `node:cluster` worker sends its spans to the dashboard of the primary (or of `golden-signals serve`). */
export interface ClusterSettings {
  /** `GOLDEN_SIGNALS_CLUSTER`: `auto` (a worker forwards its spans), or `off` (each worker is on its own). */
  readonly mode: 'auto' | 'off';
  /**
   * `GOLDEN_SIGNALS_FORWARD_URL`: the origin a worker sends OTLP to (`http://127.0.0.1:9469`). The
   * primary sets it for its workers once its own port listens; else the own port's number on loopback.
   */
  readonly receiverUrl: string | undefined;
  /** `GOLDEN_SIGNALS_FORWARD_DELAY_MS`: a worker's batch delay, hence how far the dashboard may lag. */
  readonly forwardDelayMs: number;
}

/** A worker's batch delay by default: the most a multi-process dashboard lags. */
export const DEFAULT_FORWARD_DELAY_MS = 500;

/**
 * The library's whole configuration, parsed once from the environment and
 * frozen. It reads only `GOLDEN_SIGNALS_*` and `OTEL_*` variables: every
 * other name belongs to the app.
 */
export interface Config {
  /** `GOLDEN_SIGNALS_RETENTION`: how much history the store keeps. */
  readonly retentionMs: number;
  /** `GOLDEN_SIGNALS_MAX_SERIES`: series of one service kept apart before folding into `overflow`. */
  readonly seriesLimit: number;
  /** `GOLDEN_SIGNALS_N_PLUS_ONE_CALLS`: calls of one statement in one request that flag it as N+1. */
  readonly nPlusOneCalls: number;
  readonly serviceName: string;
  readonly tracesExporters: readonly TraceExporterName[];
  readonly metricsExporters: readonly MetricExporterName[];
  /** The own port's timeouts (`GOLDEN_SIGNALS_HEADERS_TIMEOUT_MS`, `…_REQUEST_TIMEOUT_MS`, `…_KEEP_ALIVE_TIMEOUT_MS`). */
  readonly timeouts: ServerTimeouts;
  /** `GOLDEN_SIGNALS_DASHBOARD_TOKEN`: when set, `/dashboard*` and `/metrics` require it (Bearer, or Basic password). */
  readonly dashboardToken: string | undefined;
  /** OTLP protocols and batch settings. */
  readonly otlp: OtlpSettings;
  /** `GOLDEN_SIGNALS_SNAPSHOT_FILE`: where the store is saved and restored from; undefined: no persistence. */
  readonly snapshotFile: string | undefined;
  /** `GOLDEN_SIGNALS_SNAPSHOT_INTERVAL_MS`: how often the snapshot is written, besides at shutdown. */
  readonly snapshotIntervalMs: number;
  /** `GOLDEN_SIGNALS_PORT`: the dashboard's own port (0: any free one); undefined (`off`): none. */
  readonly dashboardPort: number | undefined;
  /** `GOLDEN_SIGNALS_HOST`: the interface of the dashboard's own port. */
  readonly dashboardHost: string;
  /** `GOLDEN_SIGNALS_IGNORE_PATHS`: path prefixes never traced nor counted (health checks); `none`: none. */
  readonly ignorePaths: readonly string[];
  /** What a `node:cluster` worker does with its spans. */
  readonly cluster: ClusterSettings;
  /** `GOLDEN_SIGNALS_RECEIVER_MAX_BYTES`: the largest OTLP body `POST /v1/traces` takes, as sent and after gunzip. */
  readonly receiverMaxBytes: number;
  /** Apdex thresholds and the objectives of `/dashboard/slo` (`GOLDEN_SIGNALS_APDEX_*`, `GOLDEN_SIGNALS_SLO_*`). */
  readonly slo: SloSettings;
  /** The recent-trace view (`GOLDEN_SIGNALS_TRACE_LIMIT`, and where OTLP traces go). */
  readonly traces: TraceSettings;
  /**
   * `GOLDEN_SIGNALS_HTTP_INSTRUMENTATION`: `lean` (LeanHttpInstrumentation,
   * patching `emit`), `lean-dc` (the same over Node's HTTP
   * diagnostics_channels, no patch; opt-in: it measured no cheaper) or
   * `stock` (HttpInstrumentation unchanged).
   */
  readonly httpInstrumentation: 'lean' | 'lean-dc' | 'stock';
  /** `GOLDEN_SIGNALS_HTTP_METRICS`: `fast` (our own server duration histogram) or `otel` (the SDK's). */
  readonly httpMetrics: 'fast' | 'otel';
  /** Our own servers' connection limits and the shutdown deadline (`GOLDEN_SIGNALS_FIRST_BYTE_TIMEOUT_MS`, `_MAX_CONNECTIONS`, `_SHUTDOWN_TIMEOUT_MS`). */
  readonly ownServer: OwnServerSettings;
  /** `GOLDEN_SIGNALS_REDACT_QUERY`: which query values (and userinfo) the dashboard masks in the URLs it holds. */
  readonly redactQuery: RedactQueryMode;
  /** `GOLDEN_SIGNALS_AUTO_INSTRUMENTATIONS`: `on`, the preload stands in for auto-instrumentations-node's. */
  readonly autoInstrumentations: AutoInstrumentationsMode;
  /** `GOLDEN_SIGNALS_CLIENT_INSTRUMENTATIONS`: `on`, the preload turns on the installed clients' instrumentations (fetch, pg, mysql2, ioredis, redis, mongodb). */
  readonly clientInstrumentations: 'on' | 'off';
  /** Where burn-rate alerts go and how often they are evaluated (`GOLDEN_SIGNALS_ALERTMANAGER_URL`, `GOLDEN_SIGNALS_ALERT_*`). */
  readonly alerts: AlertSettings;
  /** Where the verdict strip and the headline colours turn (`GOLDEN_SIGNALS_THRESHOLD_*`). */
  readonly thresholds: ThresholdSettings;
  /** The Prometheus-compatible engine the dashboard answers from (`GOLDEN_SIGNALS_PROMETHEUS_*`); undefined: from memory. */
  readonly prometheus: PrometheusEngineSettings | undefined;
}

/**
 * The dashboard's own port by default. Not 9464, the OpenTelemetry Prometheus
 * exporter's, so both can run; not the 3000/8000/8080 that apps listen on.
 */
export const DEFAULT_DASHBOARD_PORT = 9469;

/** Paths never traced by default: the original design's health checks. */
export const DEFAULT_IGNORE_PATHS: readonly string[] = ['/health'];

function retention(env: Env): number {
  const text = read(env, 'GOLDEN_SIGNALS_RETENTION');
  if (text === undefined) return DEFAULT_RETENTION_MS;
  const ms = parseDuration(text);
  if (ms === undefined || ms > MAX_RETENTION_MS) {
    throw new ConfigError(
      `GOLDEN_SIGNALS_RETENTION must look like 30m, 24h or 7d (at most 7d), got: ${text}`,
    );
  }
  return ms;
}

function list<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T[] {
  const text = read(env, name);
  if (text === undefined) return [fallback];
  const names = [...new Set(text.split(',').map((s) => s.trim().toLowerCase()))].filter(Boolean);
  for (const n of names) {
    if (!(allowed as readonly string[]).includes(n)) {
      throw new ConfigError(
        `${name} must be a comma list of ${allowed.join(', ')}, got: ${text} (unknown: ${n})`,
      );
    }
  }
  if (names.length === 0) return [fallback];
  // `none` alone means none; beside other names it is ignored, as the OTel spec says.
  const chosen = names.length > 1 ? names.filter((n) => n !== 'none') : names;
  return chosen as T[];
}

/**
 * Server timeouts from `<prefix>HEADERS_TIMEOUT_MS`, `<prefix>REQUEST_TIMEOUT_MS`
 * and `<prefix>KEEP_ALIVE_TIMEOUT_MS`.
 * @throws ConfigError naming the variable.
 */
export function serverTimeoutsOf(env: Env, prefix: string): ServerTimeouts {
  const d = DEFAULT_SERVER_TIMEOUTS;
  const [headers, request, keepAlive] = [
    `${prefix}HEADERS_TIMEOUT_MS`,
    `${prefix}REQUEST_TIMEOUT_MS`,
    `${prefix}KEEP_ALIVE_TIMEOUT_MS`,
  ];
  const headersTimeoutMs = integer(env, headers, d.headersTimeoutMs, 100, 600_000);
  const requestTimeoutMs = integer(env, request, d.requestTimeoutMs, 100, 3_600_000);
  const keepAliveTimeoutMs = integer(env, keepAlive, d.keepAliveTimeoutMs, 0, 600_000);
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(
      `${headers} (${headersTimeoutMs}) must not exceed ${request} (${requestTimeoutMs})`,
    );
  }
  return Object.freeze({ headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs });
}

function dashboardToken(env: Env): string | undefined {
  const token = read(env, 'GOLDEN_SIGNALS_DASHBOARD_TOKEN');
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    throw new ConfigError(
      `GOLDEN_SIGNALS_DASHBOARD_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters, got ${token.length}`,
    );
  }
  return token;
}

function dashboardPort(env: Env): number | undefined {
  const text = read(env, 'GOLDEN_SIGNALS_PORT');
  if (text?.toLowerCase() === 'off') return undefined;
  return integer(env, 'GOLDEN_SIGNALS_PORT', DEFAULT_DASHBOARD_PORT, 0, 65_535);
}

function ignorePaths(env: Env): readonly string[] {
  const text = read(env, 'GOLDEN_SIGNALS_IGNORE_PATHS');
  if (text === undefined) return DEFAULT_IGNORE_PATHS;
  if (text.toLowerCase() === 'none') return Object.freeze([]);
  const paths = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (const p of paths) {
    if (!/^\/[^\s?#]*$/.test(p) || p === '/') {
      throw new ConfigError(
        `GOLDEN_SIGNALS_IGNORE_PATHS must be a comma list of paths such as /health,/livez, got: ${text}`,
      );
    }
  }
  return Object.freeze(paths);
}

function receiverUrl(env: Env, port: number | undefined): string | undefined {
  const text = read(env, 'GOLDEN_SIGNALS_FORWARD_URL');
  if (text === undefined)
    return port === undefined || port === 0 ? undefined : `http://127.0.0.1:${port}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    url = new URL('invalid:');
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    throw new ConfigError(
      `GOLDEN_SIGNALS_FORWARD_URL must be an http(s) origin such as http://127.0.0.1:9469, got: ${text}`,
    );
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function choice<T extends string>(env: Env, name: string, allowed: readonly T[]): T {
  const text = (read(env, name) ?? allowed[0]) as string;
  const value = text.toLowerCase();
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(`${name} must be ${allowed.join(' or ')}, got: ${text}`);
  }
  return value as T;
}

function clusterSettings(env: Env, port: number | undefined): ClusterSettings {
  const mode = (read(env, 'GOLDEN_SIGNALS_CLUSTER') ?? 'auto').toLowerCase();
  if (mode !== 'auto' && mode !== 'off') {
    throw new ConfigError(`GOLDEN_SIGNALS_CLUSTER must be auto or off, got: ${mode}`);
  }
  return Object.freeze({
    mode,
    receiverUrl: receiverUrl(env, port),
    forwardDelayMs: integer(
      env,
      'GOLDEN_SIGNALS_FORWARD_DELAY_MS',
      DEFAULT_FORWARD_DELAY_MS,
      10,
      60_000,
    ),
  });
}

/**
 * Parses and validates the environment once. Throws {@link ConfigError}
 * naming the variable at fault; never returns a half-valid config.
 */
export function loadConfig(env: Env): Config {
  const ownPort = dashboardPort(env);
  const base = {
    retentionMs: retention(env),
    seriesLimit: integer(env, 'GOLDEN_SIGNALS_MAX_SERIES', DEFAULT_SERIES_LIMIT, 10, 1_000_000),
    nPlusOneCalls: integer(
      env,
      'GOLDEN_SIGNALS_N_PLUS_ONE_CALLS',
      DEFAULT_N_PLUS_ONE_CALLS,
      2,
      1_000_000,
    ),
    serviceName: read(env, 'OTEL_SERVICE_NAME') ?? 'golden-signals',
    tracesExporters: Object.freeze(list(env, 'OTEL_TRACES_EXPORTER', TRACE_EXPORTERS, 'memory')),
    metricsExporters: Object.freeze(
      list(env, 'OTEL_METRICS_EXPORTER', METRIC_EXPORTERS, 'prometheus'),
    ),
    otlp: otlpSettings(env),
    timeouts: serverTimeoutsOf(env, 'GOLDEN_SIGNALS_'),
    dashboardToken: dashboardToken(env),
    snapshotFile: read(env, 'GOLDEN_SIGNALS_SNAPSHOT_FILE'),
    snapshotIntervalMs: integer(
      env,
      'GOLDEN_SIGNALS_SNAPSHOT_INTERVAL_MS',
      60_000,
      1_000,
      86_400_000,
    ),
    dashboardPort: ownPort,
    dashboardHost: read(env, 'GOLDEN_SIGNALS_HOST') ?? '127.0.0.1',
    ignorePaths: ignorePaths(env),
    cluster: clusterSettings(env, ownPort),
    receiverMaxBytes: integer(
      env,
      'GOLDEN_SIGNALS_RECEIVER_MAX_BYTES',
      DEFAULT_RECEIVER_MAX_BODY_BYTES,
      1_024,
      256 * 1024 * 1024,
    ),
    httpInstrumentation: choice(env, 'GOLDEN_SIGNALS_HTTP_INSTRUMENTATION', [
      'lean',
      'lean-dc',
      'stock',
    ] as const),
    httpMetrics: choice(env, 'GOLDEN_SIGNALS_HTTP_METRICS', ['fast', 'otel'] as const),
    clientInstrumentations: choice(env, 'GOLDEN_SIGNALS_CLIENT_INSTRUMENTATIONS', [
      'on',
      'off',
    ] as const),
  };
  const fail = (message: string) => new ConfigError(message);
  return Object.freeze({
    ...base,
    slo: sloSettingsOf(env, base.retentionMs, fail),
    redactQuery: redactQueryOf(env, fail),
    traces: traceSettingsOf(
      env,
      base.tracesExporters.includes('otlp'),
      base.otlp.tracesProtocol === 'grpc',
      fail,
    ),
    ownServer: ownServerSettingsOf(env),
    alerts: alertSettingsOf(env, fail),
    thresholds: thresholdSettingsOf(env, fail),
    autoInstrumentations: autoInstrumentationsOf(env, fail),
    prometheus: prometheusEngineSettingsOf(env, fail),
  });
}
