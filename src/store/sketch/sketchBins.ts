import { DDSketch } from '@datadog/sketches-js';

/** Relative accuracy of every quantile sketch (1%). */
export const SKETCH_RELATIVE_ACCURACY = 0.01;
/** Durations below this (1 µs) share bin 0, reported as the exact minimum. */
export const LOWEST_TRACKED_MS = 1e-3;
/** Durations above this (about 31 years) share the top bin, reported as at most the exact maximum. */
export const HIGHEST_TRACKED_MS = 1e12;

// DDSketch's logarithmic mapping does the quantile math (value ↔ key at 1%);
// the store only counts keys, in its own compact layout.
const mapping = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY }).mapping;
const MIN_KEY = mapping.key(LOWEST_TRACKED_MS);
const MAX_KEY = mapping.key(HIGHEST_TRACKED_MS);

/** Number of bins every sketch indexes into: bin 0 for tiny values, then one per mapping key. */
export const BIN_COUNT = MAX_KEY - MIN_KEY + 2;

/** The bin of a duration in milliseconds; NaN and negatives count as 0. */
export function binOf(ms: number): number {
  if (!(ms >= LOWEST_TRACKED_MS)) return 0;
  if (ms >= HIGHEST_TRACKED_MS) return BIN_COUNT - 1;
  return mapping.key(ms) - MIN_KEY + 1;
}

/** The value a bin stands for: within 1% of every duration in it (0 for bin 0). */
export function valueOfBin(bin: number): number {
  return bin <= 0 ? 0 : mapping.value(bin - 1 + MIN_KEY);
}
