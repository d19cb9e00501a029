import type { Env } from './config.js';
import type { GoldenSignalsOptions } from './GoldenSignalsOptions.js';
import { sloRoutesText } from './slo/sloRoutesText.js';
import { thresholdVariables } from './thresholds/thresholdVariables.js';

/**
 * A list option as its variable's text. An empty list is `none`: an empty
 * variable would read as unset, which means the default list.
 */
function listOf(list: readonly string[] | undefined): string | undefined {
  if (list === undefined) return undefined;
  return list.length === 0 ? 'none' : list.join(',');
}

/** The variables golden-signals may read: its own, and OpenTelemetry's. */
const OWN_NAME = /^(?:GOLDEN_SIGNALS|OTEL)_/;

/** Our part of the environment, with the options that stand for a variable written over it. */
export function environmentOf(options: GoldenSignalsOptions): Env {
  // Only our own names are copied: every other variable belongs to the app.
  const env: Record<string, string | undefined> = Object.fromEntries(
    Object.entries(options.env ?? process.env).filter(([name]) => OWN_NAME.test(name)),
  );
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined) env[name] = value;
  };
  set('OTEL_SERVICE_NAME', options.serviceName);
  set('GOLDEN_SIGNALS_RETENTION', options.retention);
  set('GOLDEN_SIGNALS_DASHBOARD_TOKEN', options.dashboardToken);
  set('OTEL_TRACES_EXPORTER', listOf(options.tracesExporters));
  set('OTEL_METRICS_EXPORTER', listOf(options.metricsExporters));
  set('GOLDEN_SIGNALS_PORT', options.port === false ? 'off' : options.port?.toString());
  set('GOLDEN_SIGNALS_HOST', options.host);
  set('GOLDEN_SIGNALS_IGNORE_PATHS', listOf(options.ignorePaths));
  set('GOLDEN_SIGNALS_TRACE_LIMIT', options.traceLimit?.toString());
  set('GOLDEN_SIGNALS_REDACT_QUERY', options.redactQuery);
  const slo = options.slo;
  if (slo !== undefined) {
    set('GOLDEN_SIGNALS_APDEX_T_MS', slo.apdexThresholdMs?.toString());
    const routes = slo.apdexRoutes;
    set(
      'GOLDEN_SIGNALS_APDEX_ROUTES',
      routes === undefined
        ? undefined
        : Object.entries(routes)
            .map(([route, ms]) => `${route}=${ms}`)
            .join(','),
    );
    set('GOLDEN_SIGNALS_SLO_AVAILABILITY', slo.availability?.toString());
    set('GOLDEN_SIGNALS_SLO_LATENCY', slo.latency?.toString());
    set('GOLDEN_SIGNALS_SLO_LATENCY_MS', slo.latencyThresholdMs?.toString());
    set('GOLDEN_SIGNALS_SLO_WINDOW', slo.window);
    set('GOLDEN_SIGNALS_SLO_BAD_STATUSES', listOf(slo.badStatuses?.map(String)));
    set('GOLDEN_SIGNALS_SLO_ROUTES', sloRoutesText(slo.routes));
  }
  set('GOLDEN_SIGNALS_HTTP_INSTRUMENTATION', options.httpInstrumentation);
  const alerts = options.alerts;
  if (alerts !== undefined) {
    set('GOLDEN_SIGNALS_ALERTMANAGER_URL', alerts.alertmanagerUrl);
    set('GOLDEN_SIGNALS_ALERT_WEBHOOK_URL', alerts.webhookUrl);
    set('GOLDEN_SIGNALS_ALERT_INTERVAL_MS', alerts.intervalMs?.toString());
    set('GOLDEN_SIGNALS_ALERT_RESEND_MS', alerts.resendMs?.toString());
    set('GOLDEN_SIGNALS_ALERT_TIMEOUT_MS', alerts.timeoutMs?.toString());
    set('GOLDEN_SIGNALS_ALERT_DASHBOARD_URL', alerts.dashboardUrl);
  }
  for (const [name, value] of thresholdVariables(options.thresholds)) set(name, value);
  const prometheus = options.prometheus;
  if (prometheus !== undefined) {
    set('GOLDEN_SIGNALS_PROMETHEUS_URL', prometheus.url);
    set('GOLDEN_SIGNALS_PROMETHEUS_BEARER_TOKEN', prometheus.bearerToken);
    set('GOLDEN_SIGNALS_PROMETHEUS_USERNAME', prometheus.username);
    set('GOLDEN_SIGNALS_PROMETHEUS_PASSWORD', prometheus.password);
    set('GOLDEN_SIGNALS_PROMETHEUS_CA_FILE', prometheus.caFile);
    set('GOLDEN_SIGNALS_PROMETHEUS_TLS_INSECURE', prometheus.tlsInsecure?.toString());
    set('GOLDEN_SIGNALS_PROMETHEUS_TIMEOUT_MS', prometheus.timeoutMs?.toString());
    set('GOLDEN_SIGNALS_PROMETHEUS_MAX_RESPONSE_BYTES', prometheus.maxResponseBytes?.toString());
    set('GOLDEN_SIGNALS_PROMETHEUS_SERVICE_LABEL', prometheus.serviceLabel);
    set('GOLDEN_SIGNALS_PROMETHEUS_INSTANCE_LABEL', prometheus.instanceLabel);
  }
  return env;
}
