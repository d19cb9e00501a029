/** Largest threshold (Apdex T, latency objective): ten minutes. */
export const MAX_THRESHOLD_MS = 600_000;

/** Milliseconds as an integer from 1 to {@link MAX_THRESHOLD_MS}, or undefined. */
export function thresholdOf(text: string): number | undefined {
  if (!/^[0-9]{1,7}$/.test(text)) return undefined;
  const ms = Number(text);
  return ms >= 1 && ms <= MAX_THRESHOLD_MS ? ms : undefined;
}

/** A percentage strictly between 0 and 100 (`99.9`) as a fraction (0.999), or undefined. */
export function fractionOf(text: string): number | undefined {
  const value = /^[0-9]{1,2}(\.[0-9]{1,6})?$/.test(text) ? Number(text) : Number.NaN;
  return value > 0 && value < 100 ? value / 100 : undefined;
}
