/** How often the objectives are evaluated unless configured: every 30 s. */
export const DEFAULT_ALERT_INTERVAL_MS = 30_000;
/**
 * How often a firing alert is re-sent to Alertmanager unless configured:
 * every minute, Prometheus's own resend delay, well inside Alertmanager's
 * default `resolve_timeout` (5 min).
 */
export const DEFAULT_ALERT_RESEND_MS = 60_000;
/** Longest wait for one notification's answer unless configured. */
export const DEFAULT_ALERT_TIMEOUT_MS = 5_000;
/** Bounds of the three durations above, in milliseconds. */
export const ALERT_MS_RANGE = { min: 100, max: 3_600_000 } as const;
/** Bounds of the send timeout, in milliseconds. */
export const ALERT_TIMEOUT_RANGE = { min: 100, max: 60_000 } as const;
/** Alertmanager's v2 path that takes alerts. */
export const ALERTMANAGER_ALERTS_PATH = '/api/v2/alerts';

/** Where and how often the notifier sends; parsed once from the environment. */
export interface AlertSettings {
  /** `GOLDEN_SIGNALS_ALERTMANAGER_URL`, as the full `…/api/v2/alerts` URL; undefined: none. */
  readonly alertmanagerUrl: string | undefined;
  /** `GOLDEN_SIGNALS_ALERT_WEBHOOK_URL`: where the webhook body is posted; undefined: none. */
  readonly webhookUrl: string | undefined;
  /** `GOLDEN_SIGNALS_ALERT_INTERVAL_MS`: how often the objectives are evaluated. */
  readonly intervalMs: number;
  /** `GOLDEN_SIGNALS_ALERT_RESEND_MS`: how often a firing alert is re-sent to Alertmanager. */
  readonly resendMs: number;
  /** `GOLDEN_SIGNALS_ALERT_TIMEOUT_MS`: longest wait for one send. */
  readonly timeoutMs: number;
  /** `GOLDEN_SIGNALS_ALERT_DASHBOARD_URL`: the dashboard as people open it; undefined: the own port's. */
  readonly dashboardUrl: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * An http(s) URL without credentials (fetch refuses them: put them in the
 * receiver's config instead) and, unless `query` allows one, without a
 * query or fragment.
 */
function urlOf(
  env: Env,
  name: string,
  example: string,
  query: boolean,
  fail: (m: string) => Error,
): URL | undefined {
  const text = read(env, name);
  if (text === undefined) return undefined;
  const url = URL.canParse(text) ? new URL(text) : undefined;
  const ok =
    url !== undefined &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.username === '' &&
    url.password === '' &&
    url.hash === '' &&
    (query || url.search === '');
  if (!ok || url === undefined) {
    throw fail(
      `${name} must be an http(s) URL without user:password@${query ? '' : ', query'} or #fragment, such as ${example}, got: ${text.slice(0, 200)}`,
    );
  }
  return url;
}

function millis(
  env: Env,
  name: string,
  fallback: number,
  range: { readonly min: number; readonly max: number },
  fail: (m: string) => Error,
): number {
  const text = read(env, name);
  if (text === undefined) return fallback;
  const value = /^[0-9]{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= range.min && value <= range.max)) {
    throw fail(`${name} must be an integer from ${range.min} to ${range.max} (ms), got: ${text}`);
  }
  return value;
}

/**
 * Parses the notifier's variables; `fail` builds the error to throw (the
 * configuration's `ConfigError`), whose message names the variable.
 */
export function alertSettingsOf(env: Env, fail: (message: string) => Error): AlertSettings {
  const am = urlOf(env, 'GOLDEN_SIGNALS_ALERTMANAGER_URL', 'http://127.0.0.1:9093', false, fail);
  const webhook = urlOf(
    env,
    'GOLDEN_SIGNALS_ALERT_WEBHOOK_URL',
    'https://hooks.slack.com/services/…',
    true,
    fail,
  );
  const dashboard = urlOf(
    env,
    'GOLDEN_SIGNALS_ALERT_DASHBOARD_URL',
    'https://ops.example.com/dashboard',
    false,
    fail,
  );
  const intervalMs = millis(
    env,
    'GOLDEN_SIGNALS_ALERT_INTERVAL_MS',
    DEFAULT_ALERT_INTERVAL_MS,
    ALERT_MS_RANGE,
    fail,
  );
  const resendMs = millis(
    env,
    'GOLDEN_SIGNALS_ALERT_RESEND_MS',
    Math.max(DEFAULT_ALERT_RESEND_MS, intervalMs),
    ALERT_MS_RANGE,
    fail,
  );
  if (resendMs < intervalMs) {
    throw fail(
      `GOLDEN_SIGNALS_ALERT_RESEND_MS (${resendMs}) must be at least GOLDEN_SIGNALS_ALERT_INTERVAL_MS (${intervalMs}): alerts are re-sent when evaluated`,
    );
  }
  let alertmanagerUrl: string | undefined;
  if (am !== undefined) {
    // The base URL (`http://host:9093`, or behind a path prefix); the v2 path is appended once.
    const base = `${am.origin}${am.pathname.replace(/\/+$/, '')}`;
    alertmanagerUrl = base.endsWith(ALERTMANAGER_ALERTS_PATH)
      ? base
      : `${base}${ALERTMANAGER_ALERTS_PATH}`;
  }
  return Object.freeze({
    alertmanagerUrl,
    webhookUrl: webhook?.href,
    intervalMs,
    resendMs,
    timeoutMs: millis(
      env,
      'GOLDEN_SIGNALS_ALERT_TIMEOUT_MS',
      DEFAULT_ALERT_TIMEOUT_MS,
      ALERT_TIMEOUT_RANGE,
      fail,
    ),
    dashboardUrl: dashboard?.href.replace(/\/+$/, ''),
  });
}
