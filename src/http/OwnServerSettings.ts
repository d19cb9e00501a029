/** Longest a new connection to our own servers may stay silent before its first byte. */
export const DEFAULT_FIRST_BYTE_TIMEOUT_MS = 10_000;

/** Most connections the dashboard's own port (and its OTLP receiver) holds at once. */
export const DEFAULT_MAX_CONNECTIONS = 128;

/** Longest a shutdown may take, the final snapshot included. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** How our own servers treat their connections, and how long their shutdown may take. */
export interface OwnServerSettings {
  /** `GOLDEN_SIGNALS_FIRST_BYTE_TIMEOUT_MS`: a connection that sends nothing this long is closed. */
  readonly firstByteTimeoutMs: number;
  /** `GOLDEN_SIGNALS_MAX_CONNECTIONS`: past this many open connections, a new one is closed at once (counted). */
  readonly maxConnections: number;
  /** `GOLDEN_SIGNALS_SHUTDOWN_TIMEOUT_MS`: the deadline of a shutdown; the snapshot is written before it. */
  readonly shutdownTimeoutMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  fail: (message: string) => Error,
): number {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return fallback;
  const value = /^[0-9]{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw fail(`${name} must be an integer from ${min} to ${max}, got: ${text}`);
  }
  return value;
}

/** Parses the own servers' variables; `fail` builds the error to throw, naming the variable. */
export function ownServerSettingsOf(env: Env, fail: (message: string) => Error): OwnServerSettings {
  return Object.freeze({
    firstByteTimeoutMs: integer(
      env,
      'GOLDEN_SIGNALS_FIRST_BYTE_TIMEOUT_MS',
      DEFAULT_FIRST_BYTE_TIMEOUT_MS,
      100,
      600_000,
      fail,
    ),
    maxConnections: integer(
      env,
      'GOLDEN_SIGNALS_MAX_CONNECTIONS',
      DEFAULT_MAX_CONNECTIONS,
      1,
      100_000,
      fail,
    ),
    shutdownTimeoutMs: integer(
      env,
      'GOLDEN_SIGNALS_SHUTDOWN_TIMEOUT_MS',
      DEFAULT_SHUTDOWN_TIMEOUT_MS,
      100,
      600_000,
      fail,
    ),
  });
}
