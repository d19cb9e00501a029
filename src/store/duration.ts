/** A duration such as `30m`, `24h` or `7d`: a positive integer and one unit. */
export const DURATION_PATTERN = /^[1-9][0-9]*[mhd]$/;

/** Milliseconds in one unit of a duration string. */
const UNIT_MS: Readonly<Record<string, number>> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Converts `30m`, `24h` or `7d` to milliseconds.
 * Returns `undefined` for anything that does not match {@link DURATION_PATTERN},
 * so callers decide how to report the error (a 422, a start-up message).
 */
export function parseDuration(text: string): number | undefined {
  if (text.length > 32 || !DURATION_PATTERN.test(text)) return undefined;
  const unit = UNIT_MS[text.slice(-1)];
  const amount = Number(text.slice(0, -1));
  if (unit === undefined || !Number.isSafeInteger(amount)) return undefined;
  return amount * unit;
}
