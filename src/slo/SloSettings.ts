import { parseDuration } from '../store/duration.js';
import { badStatusesOf } from './badStatusesOf.js';
import { fractionOf, MAX_THRESHOLD_MS, thresholdOf } from './objectiveValues.js';
import { type RouteObjectives, sloRoutesOf } from './sloRoutesOf.js';

export { MAX_THRESHOLD_MS } from './objectiveValues.js';

/** Apdex threshold T unless configured: 500 ms, New Relic's default, about where a user notices a wait. */
export const DEFAULT_APDEX_THRESHOLD_MS = 500;
/** Availability objective unless configured: 99.9% of requests succeed (no 5xx, unless 4xx are added). */
export const DEFAULT_AVAILABILITY_OBJECTIVE = 0.999;
/** Latency objective unless configured: 99% of requests finish within the latency threshold. */
export const DEFAULT_LATENCY_OBJECTIVE = 0.99;
/** Latency threshold of the latency objective unless configured: 300 ms. */
export const DEFAULT_LATENCY_THRESHOLD_MS = 300;
/** SLO window unless configured: 24 hours, or the retention when that is shorter. */
export const DEFAULT_SLO_WINDOW_MS = 24 * 3_600_000;
/** Most per-route Apdex thresholds. */
export const MAX_APDEX_ROUTES = 100;

/** Apdex and SLO settings, parsed once from the environment. */
export interface SloSettings {
  /** `GOLDEN_SIGNALS_APDEX_T_MS`: Apdex T of every route without its own. */
  readonly apdexThresholdMs: number;
  /** `GOLDEN_SIGNALS_APDEX_ROUTES`: Apdex T per route template. */
  readonly apdexRoutes: Readonly<Record<string, number>>;
  /** `GOLDEN_SIGNALS_SLO_AVAILABILITY` (a percentage), as a fraction: 0.999. */
  readonly availabilityObjective: number;
  /** `GOLDEN_SIGNALS_SLO_LATENCY` (a percentage), as a fraction: 0.99. */
  readonly latencyObjective: number;
  /** `GOLDEN_SIGNALS_SLO_LATENCY_MS`: the latency objective counts requests at most this long as good. */
  readonly latencyThresholdMs: number;
  /** `GOLDEN_SIGNALS_SLO_WINDOW`: the window the error budget is spent over. */
  readonly windowMs: number;
  /** The same, as text (`24h`). */
  readonly window: string;
  /** `GOLDEN_SIGNALS_SLO_BAD_STATUSES`: the 4xx statuses that fail the availability objective besides 5xx, sorted. */
  readonly badStatuses: readonly number[];
  /** `GOLDEN_SIGNALS_SLO_ROUTES`: objectives of their own per route template, in the order given. */
  readonly routes: Readonly<Record<string, RouteObjectives>>;
}

type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** A percentage strictly between 0 and 100 (`99.9`), as a fraction. */
function percentOf(env: Env, name: string, fallback: number, fail: (m: string) => Error): number {
  const text = read(env, name);
  if (text === undefined) return fallback;
  const value = fractionOf(text);
  if (value === undefined) {
    throw fail(`${name} must be a percentage above 0 and below 100 (e.g. 99.9), got: ${text}`);
  }
  return value;
}

function apdexRoutes(env: Env, fail: (m: string) => Error): Record<string, number> {
  const text = read(env, 'GOLDEN_SIGNALS_APDEX_ROUTES');
  const routes: Record<string, number> = Object.create(null);
  if (text === undefined) return routes;
  const entries = text.split(',').map((e) => e.trim());
  if (entries.length > MAX_APDEX_ROUTES) {
    throw fail(
      `GOLDEN_SIGNALS_APDEX_ROUTES takes at most ${MAX_APDEX_ROUTES} routes, got ${entries.length}`,
    );
  }
  for (const entry of entries) {
    const eq = entry.lastIndexOf('=');
    const route = eq === -1 ? '' : entry.slice(0, eq).trim();
    const ms = eq === -1 ? undefined : thresholdOf(entry.slice(eq + 1).trim());
    if (route === '' || ms === undefined) {
      throw fail(
        `GOLDEN_SIGNALS_APDEX_ROUTES must be route=ms pairs, comma-separated, ms from 1 to ${MAX_THRESHOLD_MS} (e.g. /predict=300,/users/:id=200), got: ${entry.slice(0, 80)}`,
      );
    }
    routes[route] = ms;
  }
  return routes;
}

/**
 * Parses the Apdex and SLO variables; `fail` builds the error to throw
 * (the configuration's `ConfigError`), whose message names the variable.
 */
export function sloSettingsOf(
  env: Env,
  retentionMs: number,
  fail: (message: string) => Error,
): SloSettings {
  const tText = read(env, 'GOLDEN_SIGNALS_APDEX_T_MS');
  const t = tText === undefined ? DEFAULT_APDEX_THRESHOLD_MS : thresholdOf(tText);
  if (t === undefined) {
    throw fail(
      `GOLDEN_SIGNALS_APDEX_T_MS must be an integer from 1 to ${MAX_THRESHOLD_MS}, got: ${tText}`,
    );
  }
  const lText = read(env, 'GOLDEN_SIGNALS_SLO_LATENCY_MS');
  const latencyMs = lText === undefined ? DEFAULT_LATENCY_THRESHOLD_MS : thresholdOf(lText);
  if (latencyMs === undefined) {
    throw fail(
      `GOLDEN_SIGNALS_SLO_LATENCY_MS must be an integer from 1 to ${MAX_THRESHOLD_MS}, got: ${lText}`,
    );
  }
  const wText = read(env, 'GOLDEN_SIGNALS_SLO_WINDOW');
  const fallbackWindow = Math.min(DEFAULT_SLO_WINDOW_MS, retentionMs);
  const windowMs = wText === undefined ? fallbackWindow : parseDuration(wText);
  if (windowMs === undefined || windowMs > retentionMs) {
    throw fail(
      `GOLDEN_SIGNALS_SLO_WINDOW must look like 1h, 24h or 7d and be at most the retention (${retentionMs / 60_000}m), got: ${wText}`,
    );
  }
  const objectives: RouteObjectives = {
    availabilityObjective: percentOf(
      env,
      'GOLDEN_SIGNALS_SLO_AVAILABILITY',
      DEFAULT_AVAILABILITY_OBJECTIVE,
      fail,
    ),
    latencyObjective: percentOf(env, 'GOLDEN_SIGNALS_SLO_LATENCY', DEFAULT_LATENCY_OBJECTIVE, fail),
    latencyThresholdMs: latencyMs,
  };
  return Object.freeze({
    apdexThresholdMs: t,
    apdexRoutes: Object.freeze(apdexRoutes(env, fail)),
    ...objectives,
    windowMs,
    window: wText ?? windowText(windowMs),
    badStatuses: badStatusesOf(env, fail),
    routes: sloRoutesOf(env, objectives, fail),
  });
}

/** `24h`, `90m` or `7d` for a whole number of minutes. */
function windowText(ms: number): string {
  if (ms % 86_400_000 === 0 && ms > 86_400_000) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  return `${Math.round(ms / 60_000)}m`;
}
