import { type Env, integer } from '../configValues.js';

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

/**
 * Parses the own servers' variables.
 * @throws ConfigError naming the variable.
 */
export function ownServerSettingsOf(env: Env): OwnServerSettings {
  return Object.freeze({
    firstByteTimeoutMs: integer(
      env,
      'GOLDEN_SIGNALS_FIRST_BYTE_TIMEOUT_MS',
      DEFAULT_FIRST_BYTE_TIMEOUT_MS,
      100,
      600_000,
    ),
    maxConnections: integer(
      env,
      'GOLDEN_SIGNALS_MAX_CONNECTIONS',
      DEFAULT_MAX_CONNECTIONS,
      1,
      100_000,
    ),
    shutdownTimeoutMs: integer(
      env,
      'GOLDEN_SIGNALS_SHUTDOWN_TIMEOUT_MS',
      DEFAULT_SHUTDOWN_TIMEOUT_MS,
      100,
      600_000,
    ),
  });
}
