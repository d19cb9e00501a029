import type { IncomingMessage } from 'node:http';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { SaturationReport } from './reportInputs/SaturationReport.js';

/**
 * Options of {@link startGoldenSignals}. Each one given here overrides the
 * environment variable named beside it; anything left out comes from the
 * environment, exactly as the zero-code `register` entry reads it.
 */
export interface GoldenSignalsOptions {
  /** The environment to read; `process.env` by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** `OTEL_SERVICE_NAME`. */
  readonly serviceName?: string;
  /** `GOLDEN_SIGNALS_RETENTION`: how much history the store keeps, such as `24h` or `7d`. */
  readonly retention?: string;
  /** `GOLDEN_SIGNALS_DASHBOARD_TOKEN`: when set, every dashboard path requires it (16 characters at least). */
  readonly dashboardToken?: string;
  /** `OTEL_TRACES_EXPORTER`: `memory` (the dashboard), `otlp`, `console`, `none`, or a list; `[]` is `none`. */
  readonly tracesExporters?: readonly string[];
  /** `OTEL_METRICS_EXPORTER`: `prometheus`, `otlp`, `console`, `none`, or a list; `[]` is `none`. */
  readonly metricsExporters?: readonly string[];
  /** `GOLDEN_SIGNALS_PORT`: the dashboard's own port (0: any free port); `false`: no own port. */
  readonly port?: number | false;
  /** `GOLDEN_SIGNALS_HOST`: the interface of the own port; 127.0.0.1 by default. */
  readonly host?: string;
  /** `GOLDEN_SIGNALS_IGNORE_PATHS`: path prefixes never traced nor counted; `['/health']` by default, `[]` for none. */
  readonly ignorePaths?: readonly string[];
  /**
   * The route template of a request that no framework hook named, for plain
   * `node:http` servers: `(req) => '/users/:id'`. Return undefined for an
   * unknown path, which is counted under `unmatched`.
   */
  readonly route?: (req: IncomingMessage) => string | undefined;
  /**
   * `GOLDEN_SIGNALS_HTTP_INSTRUMENTATION`: `lean` (default), golden-signals'
   * cheaper incoming path with the same spans, `lean-dc`, the same path over
   * Node's HTTP diagnostics_channels with no `emit` patch (opt-in: it
   * measured no cheaper), or `stock`, instrumentation-http unchanged.
   */
  readonly httpInstrumentation?: 'lean' | 'lean-dc' | 'stock';
  /** More OpenTelemetry instrumentations to register with the SDK. */
  readonly instrumentations?: readonly Instrumentation[];
  /** Saturation figures for the overview; the process's own (event loop, heap) by default. */
  readonly saturation?: () => SaturationReport;
  /**
   * Where every message goes: start-up, the own port, the snapshot, the lean
   * path's warning, the first internal error caught at each site. The
   * console, each line prefixed `golden-signals: `, by default.
   */
  readonly logger?: GoldenSignalsLogger;
  /** Apdex thresholds and the objectives of `/dashboard/slo`; each field overrides its variable. */
  readonly slo?: SloOptions;
  /** `GOLDEN_SIGNALS_TRACE_LIMIT`: recent traces held for `/dashboard/traces/:traceId` (0: none). */
  readonly traceLimit?: number;
  /**
   * `GOLDEN_SIGNALS_REDACT_QUERY`: which query values the dashboard masks in
   * the URLs it holds and serves: `sensitive` (default: tokens, passwords,
   * keys… and userinfo), `all`, or `off`. Spans sent to OTLP are unchanged.
   */
  readonly redactQuery?: 'sensitive' | 'all' | 'off';
  /** Where burn-rate alerts go; each field overrides its variable. */
  readonly alerts?: AlertOptions;
  /** Where the verdict strip and the headline colours turn; each field overrides its variable. */
  readonly thresholds?: ThresholdOptions;
  /** The Prometheus-compatible engine the dashboard answers from; each field overrides its variable. */
  readonly prometheus?: PrometheusOptions;
}

/** Where the Prometheus-compatible engine is and how to ask it; each field overrides the variable beside it. */
export interface PrometheusOptions {
  /** `GOLDEN_SIGNALS_PROMETHEUS_URL`: the API's base URL, `http://127.0.0.1:9090` (a path prefix is kept). */
  readonly url?: string;
  /** `GOLDEN_SIGNALS_PROMETHEUS_BEARER_TOKEN`: sent as `Authorization: Bearer …`. */
  readonly bearerToken?: string;
  /** `GOLDEN_SIGNALS_PROMETHEUS_USERNAME`: basic auth's user. */
  readonly username?: string;
  /** `GOLDEN_SIGNALS_PROMETHEUS_PASSWORD`: basic auth's password. */
  readonly password?: string;
  /** `GOLDEN_SIGNALS_PROMETHEUS_CA_FILE`: a PEM file of CAs to trust besides the system's. */
  readonly caFile?: string;
  /** `GOLDEN_SIGNALS_PROMETHEUS_TLS_INSECURE`: accept any certificate (false by default). */
  readonly tlsInsecure?: boolean;
  /** `GOLDEN_SIGNALS_PROMETHEUS_TIMEOUT_MS`: the deadline of one question (10000). */
  readonly timeoutMs?: number;
  /** `GOLDEN_SIGNALS_PROMETHEUS_MAX_RESPONSE_BYTES`: the largest answer read (64 MiB). */
  readonly maxResponseBytes?: number;
  /** `GOLDEN_SIGNALS_PROMETHEUS_SERVICE_LABEL`: the label naming a service when `service_name` is absent (`job`). */
  readonly serviceLabel?: string;
  /** `GOLDEN_SIGNALS_PROMETHEUS_INSTANCE_LABEL`: the label naming an instance when `service_instance_id` is absent (`instance`). */
  readonly instanceLabel?: string;
}

/** Verdict and headline thresholds; percentages as numbers (1.5), durations in milliseconds. */
export interface ThresholdOptions {
  /** `GOLDEN_SIGNALS_THRESHOLD_5XX_WARN`: percent of 5xx from which the page says degraded (1). */
  readonly serverErrorWarnPercent?: number;
  /** `GOLDEN_SIGNALS_THRESHOLD_5XX_CRITICAL`: percent of 5xx from which the page says burning (5). */
  readonly serverErrorCriticalPercent?: number;
  /** `GOLDEN_SIGNALS_THRESHOLD_P95_WARN_MS`: p95 from which the latency headline is amber (500). */
  readonly p95WarnMs?: number;
  /** `GOLDEN_SIGNALS_THRESHOLD_P95_CRITICAL_MS`: p95 from which it is red and the page says degraded (1000). */
  readonly p95CriticalMs?: number;
  /** `GOLDEN_SIGNALS_THRESHOLD_LOOP_DELAY_WARN_MS`: event-loop delay p99 from which saturation is amber (100). */
  readonly loopDelayWarnMs?: number;
  /** `GOLDEN_SIGNALS_THRESHOLD_LOOP_DELAY_CRITICAL_MS`: event-loop delay p99 from which it is red (500). */
  readonly loopDelayCriticalMs?: number;
  /** `GOLDEN_SIGNALS_THRESHOLD_BURN_RATE`: an objective burning faster than this is degraded (2). */
  readonly burnRate?: number;
  /** `GOLDEN_SIGNALS_THRESHOLD_MIN_REQUESTS`: fewer requests than this and rates are not judged (20). */
  readonly minRequests?: number;
}

/** Alert notifier options; each field overrides the variable named beside it. */
export interface AlertOptions {
  /** `GOLDEN_SIGNALS_ALERTMANAGER_URL`: Alertmanager's base URL, `http://127.0.0.1:9093`. */
  readonly alertmanagerUrl?: string;
  /** `GOLDEN_SIGNALS_ALERT_WEBHOOK_URL`: where the webhook body (with Slack's `text`) is posted. */
  readonly webhookUrl?: string;
  /** `GOLDEN_SIGNALS_ALERT_INTERVAL_MS`: how often the objectives are evaluated (30000). */
  readonly intervalMs?: number;
  /** `GOLDEN_SIGNALS_ALERT_RESEND_MS`: how often a firing alert is re-sent to Alertmanager (60000). */
  readonly resendMs?: number;
  /** `GOLDEN_SIGNALS_ALERT_TIMEOUT_MS`: longest wait for one send (5000). */
  readonly timeoutMs?: number;
  /** `GOLDEN_SIGNALS_ALERT_DASHBOARD_URL`: the dashboard as people open it, for links. */
  readonly dashboardUrl?: string;
}

/** Apdex and SLO options; percentages as numbers (99.9), durations as in `GOLDEN_SIGNALS_RETENTION`. */
export interface SloOptions {
  /** `GOLDEN_SIGNALS_APDEX_T_MS`: Apdex T of every route without its own (500 by default). */
  readonly apdexThresholdMs?: number;
  /** `GOLDEN_SIGNALS_APDEX_ROUTES`: Apdex T per route template, `{ '/predict': 300 }`. */
  readonly apdexRoutes?: Readonly<Record<string, number>>;
  /** `GOLDEN_SIGNALS_SLO_AVAILABILITY`: percent of requests that must succeed (99.9). */
  readonly availability?: number;
  /** `GOLDEN_SIGNALS_SLO_LATENCY`: percent of requests that must finish within `latencyThresholdMs` (99). */
  readonly latency?: number;
  /** `GOLDEN_SIGNALS_SLO_LATENCY_MS`: the latency objective's threshold (300). */
  readonly latencyThresholdMs?: number;
  /** `GOLDEN_SIGNALS_SLO_WINDOW`: the error budget's window (`24h`, at most the retention). */
  readonly window?: string;
  /** `GOLDEN_SIGNALS_SLO_BAD_STATUSES`: 4xx statuses that fail availability besides 5xx (`[429]`, or `'4xx'` for all). */
  readonly badStatuses?: readonly (number | '4xx')[];
  /** `GOLDEN_SIGNALS_SLO_ROUTES`: objectives per route template, `{ '/predict': { availability: 99.5 } }`. */
  readonly routes?: Readonly<Record<string, SloRouteOptions>>;
}

/** One route's own objectives; each field left out takes the service-wide one. */
export interface SloRouteOptions {
  /** Percent of the route's requests that must succeed (99.5). */
  readonly availability?: number;
  /** Percent of the route's requests that must finish within `latencyThresholdMs` (99). */
  readonly latency?: number;
  /** The route's latency threshold in milliseconds. */
  readonly latencyThresholdMs?: number;
}

/** Where golden-signals writes its few start-up and shutdown messages. */
export interface GoldenSignalsLogger {
  info(message: string): void;
  warn(message: string): void;
}
