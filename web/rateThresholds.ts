/**
 * When the endpoint table colours a rate, and which routes have too few
 * requests for their rate to mean anything: these defaults are those of
 * the server's `GOLDEN_SIGNALS_THRESHOLD_5XX_*` and `_MIN_REQUESTS`
 * settings, and the page switches to the server's values once
 * `/dashboard/verdict` has answered.
 */

/** An error ratio at or past this is a warning (amber). */
export const ERROR_RATE_WARN = 0.01;
/** An error ratio at or past this is bad (red). */
export const ERROR_RATE_BAD = 0.05;
/**
 * Below this many requests a route's rate is left uncoloured, and rate sorts
 * leave it out of the ranking: 2 failures of 2 requests say little next to
 * 40 of 100. The table's caption and docs/dashboard.md say 20 too.
 */
export const MIN_REQUESTS_FOR_RATE = 20;

/** The thresholds of {@link rateTone}. */
export interface RateThresholds {
  /** A ratio at or past this warns. */
  warn: number;
  /** A ratio at or past this is bad. */
  bad: number;
  /** Fewer requests than this: never coloured. */
  minRequests: number;
}

/** The table's own thresholds. */
export const DEFAULT_RATE_THRESHOLDS: RateThresholds = Object.freeze({
  warn: ERROR_RATE_WARN,
  bad: ERROR_RATE_BAD,
  minRequests: MIN_REQUESTS_FOR_RATE,
});

/** How a rate is shown: coloured bad or warn, or plain. */
export type RateTone = 'bad' | 'warn' | undefined;

/** The tone of `failed` out of `count`: plain under the minimum of requests or under the warning. */
export function rateTone(
  failed: number,
  count: number,
  thresholds: RateThresholds = DEFAULT_RATE_THRESHOLDS,
): RateTone {
  if (count < thresholds.minRequests || failed <= 0) return undefined;
  const ratio = failed / count;
  if (ratio >= thresholds.bad) return 'bad';
  if (ratio >= thresholds.warn) return 'warn';
  return undefined;
}
