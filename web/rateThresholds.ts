/**
 * When the endpoint table colours a rate, and which routes have too few
 * requests for their rate to mean anything. Engineer i27-verdict adds
 * `GOLDEN_SIGNALS_*` threshold settings for the headlines in parallel; until
 * the two are joined, these constants are the table's own.
 */

/** An error ratio at or past this is a warning (amber). */
export const ERROR_RATE_WARN = 0.01;
/** An error ratio at or past this is bad (red). */
export const ERROR_RATE_BAD = 0.05;
/**
 * Below this many requests a route's rate is left uncoloured, and rate sorts
 * put it last: 2 failures of 2 requests say little next to 40 of 100.
 */
export const MIN_REQUESTS_FOR_RATE = 20;

/** How a rate is shown: coloured bad or warn, or plain. */
export type RateTone = 'bad' | 'warn' | undefined;

/** The tone of `failed` out of `count`: plain under {@link MIN_REQUESTS_FOR_RATE} requests or under the warning. */
export function rateTone(failed: number, count: number): RateTone {
  if (count < MIN_REQUESTS_FOR_RATE || failed <= 0) return undefined;
  const ratio = failed / count;
  if (ratio >= ERROR_RATE_BAD) return 'bad';
  if (ratio >= ERROR_RATE_WARN) return 'warn';
  return undefined;
}
