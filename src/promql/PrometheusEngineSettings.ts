import { ConfigError, type Env, integer, read } from '../configValues.js';

/** How long one question to the engine may take unless configured, connect to last byte. */
export const DEFAULT_ENGINE_TIMEOUT_MS = 10_000;
/** The largest engine answer read unless configured: 64 MiB, as received and after gunzip. */
export const DEFAULT_ENGINE_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** The engine label that names a service unless configured: Prometheus's scrape `job`. */
export const DEFAULT_SERVICE_LABEL = 'job';
/** The engine label that names an instance unless configured: Prometheus's scrape `instance`. */
export const DEFAULT_INSTANCE_LABEL = 'instance';
/**
 * The labels our own `/metrics` puts on series of instances it received
 * (a cluster's primary, `golden-signals serve`): they win over the scrape's
 * `job`/`instance`, which name the process that was scraped.
 */
export const OWN_SERVICE_LABEL = 'service_name';
/** See {@link OWN_SERVICE_LABEL}. */
export const OWN_INSTANCE_LABEL = 'service_instance_id';

/** A secret held so that neither JSON nor `console.log` nor `util.inspect` shows it. */
export interface Secret {
  /** The secret's text; read it only to send it. */
  reveal(): string;
}

const REDACTED = '[redacted]';

/** Wraps `text` so that printing or serialising it shows `[redacted]`. */
export function secretOf(text: string): Secret {
  return Object.freeze({
    reveal: () => text,
    toJSON: () => REDACTED,
    toString: () => REDACTED,
    [Symbol.for('nodejs.util.inspect.custom')]: () => REDACTED,
  });
}

/** Credentials sent to the engine with every question. */
export type EngineAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'bearer'; readonly token: Secret }
  | { readonly kind: 'basic'; readonly username: string; readonly password: Secret };

/** Where the engine is and how to ask it; parsed once from the environment. */
export interface PrometheusEngineSettings {
  /** `GOLDEN_SIGNALS_PROMETHEUS_URL`: the API's base (`http://prom:9090`, or with a prefix such as `/prometheus`), no trailing `/`. */
  readonly url: string;
  /** `GOLDEN_SIGNALS_PROMETHEUS_BEARER_TOKEN`, or `…_USERNAME` and `…_PASSWORD`. */
  readonly auth: EngineAuth;
  /** `GOLDEN_SIGNALS_PROMETHEUS_CA_FILE`: a PEM file of CAs trusted besides the system's; undefined: the system's. */
  readonly caFile: string | undefined;
  /** `GOLDEN_SIGNALS_PROMETHEUS_TLS_INSECURE`: accept any certificate (off by default; for tests only). */
  readonly tlsInsecure: boolean;
  /** `GOLDEN_SIGNALS_PROMETHEUS_TIMEOUT_MS`: the deadline of one question, connect to last byte. */
  readonly timeoutMs: number;
  /** `GOLDEN_SIGNALS_PROMETHEUS_MAX_RESPONSE_BYTES`: the largest answer read; past it the question fails. */
  readonly maxResponseBytes: number;
  /** `GOLDEN_SIGNALS_PROMETHEUS_SERVICE_LABEL`: the engine label that names a service, after `service_name`. */
  readonly serviceLabel: string;
  /** `GOLDEN_SIGNALS_PROMETHEUS_INSTANCE_LABEL`: the engine label that names an instance, after `service_instance_id`. */
  readonly instanceLabel: string;
}

/** A Prometheus label name. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function engineUrl(text: string, fail: (m: string) => Error): string {
  const name = 'GOLDEN_SIGNALS_PROMETHEUS_URL';
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw fail(
      `${name} must be an http(s) URL such as http://127.0.0.1:9090, got: ${text.slice(0, 200)}`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    // Never echo the given text: it holds a password.
    throw fail(
      `${name} must not hold user:password@; set GOLDEN_SIGNALS_PROMETHEUS_USERNAME and GOLDEN_SIGNALS_PROMETHEUS_PASSWORD instead`,
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw fail(`${name} must have no ?query or #fragment, got: ${text.slice(0, 200)}`);
  }
  // `…/api/v1` is ours to add: a URL that already ends with it would double it.
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  return `${url.origin}${path}`;
}

function label(env: Env, name: string, fallback: string, fail: (m: string) => Error): string {
  const text = read(env, name) ?? fallback;
  if (!LABEL_NAME.test(text)) {
    throw fail(
      `${name} must be a Prometheus label name such as ${fallback}, got: ${text.slice(0, 100)}`,
    );
  }
  return text;
}

function flag(env: Env, name: string, fail: (m: string) => Error): boolean {
  const text = (read(env, name) ?? 'false').toLowerCase();
  if (['true', '1', 'on', 'yes'].includes(text)) return true;
  if (['false', '0', 'off', 'no'].includes(text)) return false;
  throw fail(`${name} must be true or false, got: ${text.slice(0, 20)}`);
}

function authOf(env: Env, fail: (m: string) => Error): EngineAuth {
  const token = read(env, 'GOLDEN_SIGNALS_PROMETHEUS_BEARER_TOKEN');
  const username = read(env, 'GOLDEN_SIGNALS_PROMETHEUS_USERNAME');
  const password = read(env, 'GOLDEN_SIGNALS_PROMETHEUS_PASSWORD');
  const basic = username !== undefined || password !== undefined;
  if (token !== undefined && basic) {
    throw fail(
      'Set either GOLDEN_SIGNALS_PROMETHEUS_BEARER_TOKEN or GOLDEN_SIGNALS_PROMETHEUS_USERNAME/GOLDEN_SIGNALS_PROMETHEUS_PASSWORD, not both',
    );
  }
  if (token !== undefined) return Object.freeze({ kind: 'bearer', token: secretOf(token) });
  if (!basic) return Object.freeze({ kind: 'none' });
  if (username === undefined || username.includes(':')) {
    throw fail(
      'GOLDEN_SIGNALS_PROMETHEUS_USERNAME must be set, without a colon, when GOLDEN_SIGNALS_PROMETHEUS_PASSWORD is',
    );
  }
  return Object.freeze({ kind: 'basic', username, password: secretOf(password ?? '') });
}

/**
 * Parses the engine's variables; undefined when `GOLDEN_SIGNALS_PROMETHEUS_URL`
 * is unset (the dashboard answers from memory). Every variable is read and
 * checked either way, so a typo shows before the URL is added.
 * `fail` builds the error to throw; its message names the variable.
 */
export function prometheusEngineSettingsOf(
  env: Env,
  fail: (message: string) => Error = (m) => new ConfigError(m),
): PrometheusEngineSettings | undefined {
  const text = read(env, 'GOLDEN_SIGNALS_PROMETHEUS_URL');
  const auth = authOf(env, fail);
  const settings = {
    auth,
    caFile: read(env, 'GOLDEN_SIGNALS_PROMETHEUS_CA_FILE'),
    tlsInsecure: flag(env, 'GOLDEN_SIGNALS_PROMETHEUS_TLS_INSECURE', fail),
    timeoutMs: integer(
      env,
      'GOLDEN_SIGNALS_PROMETHEUS_TIMEOUT_MS',
      DEFAULT_ENGINE_TIMEOUT_MS,
      100,
      600_000,
    ),
    maxResponseBytes: integer(
      env,
      'GOLDEN_SIGNALS_PROMETHEUS_MAX_RESPONSE_BYTES',
      DEFAULT_ENGINE_MAX_RESPONSE_BYTES,
      1_024,
      1024 * 1024 * 1024,
    ),
    serviceLabel: label(
      env,
      'GOLDEN_SIGNALS_PROMETHEUS_SERVICE_LABEL',
      DEFAULT_SERVICE_LABEL,
      fail,
    ),
    instanceLabel: label(
      env,
      'GOLDEN_SIGNALS_PROMETHEUS_INSTANCE_LABEL',
      DEFAULT_INSTANCE_LABEL,
      fail,
    ),
  };
  if (text === undefined) return undefined;
  return Object.freeze({ url: engineUrl(text, fail), ...settings });
}
