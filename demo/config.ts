import { ConfigError } from 'golden-signals';
import type { ServerTimeouts } from './createHttpServer.js';

/** An environment: `process.env`, or the variables a test gives. */
type Env = Readonly<Record<string, string | undefined>>;

/** The trimmed value of `name`; undefined when unset or blank. */
function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** The integer value of `name` from `min` to `max`, or `fallback` when unset; else a ConfigError naming it. */
function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const text = read(env, name);
  if (text === undefined) return fallback;
  const value = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got: ${text}`);
  }
  return value;
}

/** Simulated model latency range, in milliseconds. */
export interface LatencyRange {
  readonly minMs: number;
  readonly maxMs: number;
}

/**
 * The demo service's own settings. These unprefixed names are the demo's,
 * as they would be any app's: the library never reads them.
 */
export interface DemoConfig {
  /** `PORT`: the demo's port (0: any free one). */
  readonly port: number;
  /** `HOST`: the demo's interface. */
  readonly host: string;
  /** `PREDICT_LATENCY_MS`: the model's simulated latency. */
  readonly predictLatency: LatencyRange;
  /** `PREDICT_FAILURE_RATE`: the share of predictions that fail with a 500. */
  readonly predictFailureRate: number;
  /** `HEADERS_TIMEOUT_MS`, `REQUEST_TIMEOUT_MS`, `KEEP_ALIVE_TIMEOUT_MS`: the demo server's timeouts. */
  readonly timeouts: ServerTimeouts;
}

function latencyRange(env: Env): LatencyRange {
  const text = read(env, 'PREDICT_LATENCY_MS') ?? '50-500';
  const match = /^([0-9]+)(?:-([0-9]+))?$/.exec(text);
  const minMs = Number(match?.[1]);
  const maxMs = match?.[2] === undefined ? minMs : Number(match[2]);
  if (match === null || maxMs < minMs || maxMs > 60_000) {
    throw new ConfigError(
      `PREDICT_LATENCY_MS must be MIN-MAX or one value in ms (at most 60000), e.g. 50-500 or 0, got: ${text}`,
    );
  }
  return Object.freeze({ minMs, maxMs });
}

/** The server timeouts from `HEADERS_TIMEOUT_MS`, `REQUEST_TIMEOUT_MS` and `KEEP_ALIVE_TIMEOUT_MS`. */
function timeouts(env: Env): ServerTimeouts {
  const headersTimeoutMs = integer(env, 'HEADERS_TIMEOUT_MS', 10_000, 100, 600_000);
  const requestTimeoutMs = integer(env, 'REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000);
  const keepAliveTimeoutMs = integer(env, 'KEEP_ALIVE_TIMEOUT_MS', 5_000, 0, 600_000);
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(
      `HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not exceed REQUEST_TIMEOUT_MS (${requestTimeoutMs})`,
    );
  }
  return Object.freeze({ headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs });
}

function failureRate(env: Env): number {
  const text = read(env, 'PREDICT_FAILURE_RATE');
  if (text === undefined) return 0.05;
  const value = /^[0-9]*\.?[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 0 && value <= 1)) {
    throw new ConfigError(`PREDICT_FAILURE_RATE must be a number from 0 to 1, got: ${text}`);
  }
  return value;
}

/**
 * Parses the demo's settings once. Unlike the library under the preload, the
 * demo is our own process, so a bad value stops it with a message naming it.
 * @throws ConfigError naming the variable at fault.
 */
export function loadDemoConfig(env: Env): DemoConfig {
  return Object.freeze({
    port: integer(env, 'PORT', 8000, 0, 65_535),
    host: read(env, 'HOST') ?? '127.0.0.1',
    predictLatency: latencyRange(env),
    predictFailureRate: failureRate(env),
    timeouts: timeouts(env),
  });
}
