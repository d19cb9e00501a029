/**
 * Exact window totals from a counter's RAW samples, never PromQL's
 * extrapolated `increase()`: once the last scrape is in, the total equals
 * what the instance counted.
 *
 * Each sample adds its increment over the previous one of the same series:
 * - **a rise** adds the difference;
 * - **a drop is a reset** (the process restarted): the value after it is all
 *   new, so it adds that value. A restart that counted more before its first
 *   scrape than the old process had counted is indistinguishable from a rise;
 *   it undercounts by the old value (Prometheus's `increase()` too);
 * - **the first sample of the series** (no earlier sample in the lookback the
 *   caller fetched) inside the window is a new series, and counts from zero:
 *   its whole value is new. Fetch a lookback of several scrape intervals
 *   before the window, so that a series that merely had a late scrape is not
 *   taken for a new one; a series silent for longer than the lookback (a
 *   restart, in practice) counts from zero, which is what a restarted
 *   process's counter does;
 * - **a series that stops** (the instance went away) adds nothing after its
 *   last sample: what it served after its last scrape is lost to every
 *   scraper;
 * - an increment belongs to the time of the scrape that saw it, so a request
 *   served just before the window's start and scraped just after it counts
 *   in the window (granularity: the scrape interval).
 * NaN and infinite samples are skipped. Samples are oldest first, as the API
 * returns them.
 */
import type { RawSample } from './PromQlClient.js';

/**
 * Calls `visit(t, increment)` for each sample that adds to the counter, in
 * order: every sample but the first, and the first when `firstIsNew(t)`.
 */
export function forEachIncrement(
  samples: readonly RawSample[],
  firstIsNew: (t: number) => boolean,
  visit: (t: number, increment: number) => void,
): void {
  let previous: number | undefined;
  for (const { t, v } of samples) {
    if (!Number.isFinite(v)) continue;
    if (previous === undefined) {
      if (firstIsNew(t)) visit(t, v);
    } else {
      visit(t, v >= previous ? v - previous : v);
    }
    previous = v;
  }
}

/**
 * The increase of one counter series over (fromMs, toMs], given its samples
 * from a lookback before `fromMs` up to `toMs`; 0 without samples.
 */
export function exactIncrease(samples: readonly RawSample[], fromMs: number, toMs: number): number {
  let total = 0;
  forEachIncrement(
    samples,
    (t) => t > fromMs,
    (t, increment) => {
      if (t > fromMs && t <= toMs) total += increment;
    },
  );
  return total;
}

/** The number of steps of `stepMs` that cover [startMs, endMs). */
export function stepCount(startMs: number, endMs: number, stepMs: number): number {
  if (!(stepMs > 0)) throw new RangeError(`stepMs must be positive, got: ${stepMs}`);
  return Math.max(0, Math.ceil((endMs - startMs) / stepMs));
}

/**
 * The increase of one counter series per step: element i covers
 * [startMs + i·stepMs, startMs + (i+1)·stepMs), the last one cut at `endMs`.
 * A first sample at `startMs` or later counts from zero. Their sum is the
 * increase over [startMs, endMs).
 * @throws RangeError when `stepMs` is not positive.
 */
export function exactIncrements(
  samples: readonly RawSample[],
  startMs: number,
  endMs: number,
  stepMs: number,
): number[] {
  const steps = new Array<number>(stepCount(startMs, endMs, stepMs)).fill(0);
  forEachIncrement(
    samples,
    (t) => t >= startMs,
    (t, increment) => {
      if (t < startMs || t >= endMs) return;
      const i = Math.floor((t - startMs) / stepMs);
      steps[i] = (steps[i] ?? 0) + increment;
    },
  );
  return steps;
}
