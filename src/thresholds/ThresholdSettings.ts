/** The 5xx share of requests from which the page says "degraded" unless configured: 1%. */
export const DEFAULT_SERVER_ERROR_WARN = 0.01;
/** The 5xx share of requests from which the page says "burning" unless configured: 5%. */
export const DEFAULT_SERVER_ERROR_CRITICAL = 0.05;
/** The p95 from which the latency headline is amber unless configured: 500 ms. */
export const DEFAULT_P95_WARN_MS = 500;
/** The p95 from which the latency headline is red (and the verdict "degraded") unless configured: 1 s. */
export const DEFAULT_P95_CRITICAL_MS = 1_000;
/** The event-loop delay p99 from which the saturation headline is amber unless configured. */
export const DEFAULT_LOOP_DELAY_WARN_MS = 100;
/** The event-loop delay p99 from which the saturation headline is red unless configured. */
export const DEFAULT_LOOP_DELAY_CRITICAL_MS = 500;
/** The burn rate (1 spends the budget exactly over the SLO window) from which the verdict is "degraded". */
export const DEFAULT_BURN_RATE_WARN = 2;
/** Fewer requests than this in the verdict's window: rates are not judged (2 of 3 failed is not an outage). */
export const DEFAULT_MIN_REQUESTS = 20;

/** Where the page's colours and the verdict turn, parsed once from the environment. */
export interface ThresholdSettings {
  /** `GOLDEN_SIGNALS_THRESHOLD_5XX_WARN` (a percentage), as a fraction: 0.01. */
  readonly serverErrorWarn: number;
  /** `GOLDEN_SIGNALS_THRESHOLD_5XX_CRITICAL` (a percentage), as a fraction: 0.05. */
  readonly serverErrorCritical: number;
  /** `GOLDEN_SIGNALS_THRESHOLD_P95_WARN_MS`. */
  readonly p95WarnMs: number;
  /** `GOLDEN_SIGNALS_THRESHOLD_P95_CRITICAL_MS`. */
  readonly p95CriticalMs: number;
  /** `GOLDEN_SIGNALS_THRESHOLD_LOOP_DELAY_WARN_MS`. */
  readonly loopDelayWarnMs: number;
  /** `GOLDEN_SIGNALS_THRESHOLD_LOOP_DELAY_CRITICAL_MS`. */
  readonly loopDelayCriticalMs: number;
  /** `GOLDEN_SIGNALS_THRESHOLD_BURN_RATE`: an objective burning faster than this (1 h or 5 m) is "degraded". */
  readonly burnRateWarn: number;
  /** `GOLDEN_SIGNALS_THRESHOLD_MIN_REQUESTS`: fewer requests than this and the 5xx rate is not judged. */
  readonly minRequests: number;
}

/** Every threshold at its default. */
export const DEFAULT_THRESHOLDS: ThresholdSettings = Object.freeze({
  serverErrorWarn: DEFAULT_SERVER_ERROR_WARN,
  serverErrorCritical: DEFAULT_SERVER_ERROR_CRITICAL,
  p95WarnMs: DEFAULT_P95_WARN_MS,
  p95CriticalMs: DEFAULT_P95_CRITICAL_MS,
  loopDelayWarnMs: DEFAULT_LOOP_DELAY_WARN_MS,
  loopDelayCriticalMs: DEFAULT_LOOP_DELAY_CRITICAL_MS,
  burnRateWarn: DEFAULT_BURN_RATE_WARN,
  minRequests: DEFAULT_MIN_REQUESTS,
});

type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** A positive decimal number of `name`, at most `max`, or `fallback` when unset. */
function numberOf(
  env: Env,
  name: string,
  fallback: number,
  max: number,
  example: string,
  fail: (m: string) => Error,
): number {
  const text = read(env, name);
  if (text === undefined) return fallback;
  const value = /^[0-9]{1,9}(\.[0-9]{1,6})?$/.test(text) ? Number(text) : Number.NaN;
  if (!(value > 0 && value <= max)) {
    throw fail(
      `${name} must be a number above 0 and at most ${max} (e.g. ${example}), got: ${text.slice(0, 40)}`,
    );
  }
  return value;
}

/** A pair whose warning must not exceed its critical value. */
function pair(
  warnName: string,
  warn: number,
  criticalName: string,
  critical: number,
  fail: (m: string) => Error,
): void {
  if (warn > critical) {
    throw fail(`${warnName} (${warn}) must not exceed ${criticalName} (${critical})`);
  }
}

/**
 * The thresholds of the verdict strip and the headline colours
 * (`GOLDEN_SIGNALS_THRESHOLD_*`); `fail` builds the error thrown for a bad value.
 */
export function thresholdSettingsOf(env: Env, fail: (m: string) => Error): ThresholdSettings {
  const d = DEFAULT_THRESHOLDS;
  const pct = (name: string, fallback: number) =>
    numberOf(env, name, fallback * 100, 100, '1.5', fail) / 100;
  const ms = (name: string, fallback: number) =>
    numberOf(env, name, fallback, 3_600_000, '500', fail);
  const settings: ThresholdSettings = {
    serverErrorWarn: pct('GOLDEN_SIGNALS_THRESHOLD_5XX_WARN', d.serverErrorWarn),
    serverErrorCritical: pct('GOLDEN_SIGNALS_THRESHOLD_5XX_CRITICAL', d.serverErrorCritical),
    p95WarnMs: ms('GOLDEN_SIGNALS_THRESHOLD_P95_WARN_MS', d.p95WarnMs),
    p95CriticalMs: ms('GOLDEN_SIGNALS_THRESHOLD_P95_CRITICAL_MS', d.p95CriticalMs),
    loopDelayWarnMs: ms('GOLDEN_SIGNALS_THRESHOLD_LOOP_DELAY_WARN_MS', d.loopDelayWarnMs),
    loopDelayCriticalMs: ms(
      'GOLDEN_SIGNALS_THRESHOLD_LOOP_DELAY_CRITICAL_MS',
      d.loopDelayCriticalMs,
    ),
    burnRateWarn: numberOf(
      env,
      'GOLDEN_SIGNALS_THRESHOLD_BURN_RATE',
      d.burnRateWarn,
      10_000,
      '2',
      fail,
    ),
    minRequests: Math.round(
      numberOf(env, 'GOLDEN_SIGNALS_THRESHOLD_MIN_REQUESTS', d.minRequests, 1_000_000, '20', fail),
    ),
  };
  pair(
    'GOLDEN_SIGNALS_THRESHOLD_5XX_WARN',
    settings.serverErrorWarn * 100,
    'GOLDEN_SIGNALS_THRESHOLD_5XX_CRITICAL',
    settings.serverErrorCritical * 100,
    fail,
  );
  pair(
    'GOLDEN_SIGNALS_THRESHOLD_P95_WARN_MS',
    settings.p95WarnMs,
    'GOLDEN_SIGNALS_THRESHOLD_P95_CRITICAL_MS',
    settings.p95CriticalMs,
    fail,
  );
  pair(
    'GOLDEN_SIGNALS_THRESHOLD_LOOP_DELAY_WARN_MS',
    settings.loopDelayWarnMs,
    'GOLDEN_SIGNALS_THRESHOLD_LOOP_DELAY_CRITICAL_MS',
    settings.loopDelayCriticalMs,
    fail,
  );
  return Object.freeze(settings);
}
