/**
 * Exact window totals of a native histogram from its RAW samples: count,
 * sum and per-bucket increments, with the same rules as `exactIncrease`
 * (a new series counts from zero, a series that stops adds nothing more).
 *
 * A reset is detected as Prometheus detects it: the count drops, a bucket
 * of the previous sample fits in no bucket of the next (a finer schema, or
 * a new layout), or a bucket holds fewer than the previous sample's buckets
 * that fall in it. A coarser schema (an SDK halving its scale as the range
 * grows) is not a reset: the previous buckets are merged into the coarser
 * ones before the difference. Totals across a schema change are given at
 * the coarsest layout seen, each finer bucket merged into the one holding it.
 */

import { stepCount } from './exactIncrease.js';
import type { NativeBucket, NativeHistogramSample } from './PromQlClient.js';

/** A native histogram's increase over a window: observations, their sum, and per bucket. */
export interface HistogramIncrease {
  /** Observations added. */
  readonly count: number;
  /** Sum of the observations added. */
  readonly sum: number;
  /** Observations added per bucket (not cumulative), lowest bucket first; empty buckets left out. */
  readonly buckets: readonly NativeBucket[];
}

/** Relative slack when comparing boundaries that two schemas compute apart. */
const BOUNDARY_SLACK = 1e-9;

function atMost(a: number, b: number): boolean {
  return a <= b || Math.abs(a - b) <= BOUNDARY_SLACK * Math.max(Math.abs(a), Math.abs(b));
}

function sameLayout(a: readonly NativeBucket[], b: readonly NativeBucket[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as NativeBucket;
    const y = b[i] as NativeBucket;
    if (x.lower !== y.lower || x.upper !== y.upper) return false;
  }
  return true;
}

/**
 * The previous sample's counts summed per bucket of `current` (same order);
 * undefined when a previous bucket fits in no current one. Both lowest first.
 */
export function mergedInto(
  previous: readonly NativeBucket[],
  current: readonly NativeBucket[],
): number[] | undefined {
  if (sameLayout(previous, current)) return previous.map((b) => b.count);
  const merged = new Array<number>(current.length).fill(0);
  let j = 0;
  for (const p of previous) {
    if (p.count === 0) continue;
    while (j < current.length && !atMost(p.upper, (current[j] as NativeBucket).upper)) j++;
    const c = current[j];
    if (c === undefined || !atMost(c.lower, p.lower)) return undefined;
    merged[j] = (merged[j] ?? 0) + p.count;
  }
  return merged;
}

/** What one sample adds over the previous one; the whole sample after a reset. */
function incrementOf(
  previous: NativeHistogramSample,
  current: NativeHistogramSample,
): HistogramIncrease {
  const merged =
    current.count < previous.count ? undefined : mergedInto(previous.buckets, current.buckets);
  const reset = merged === undefined || current.buckets.some((b, i) => b.count < (merged[i] ?? 0));
  if (reset || merged === undefined) return current;
  const buckets: NativeBucket[] = [];
  current.buckets.forEach((b, i) => {
    const added = b.count - (merged[i] ?? 0);
    if (added > 0) buckets.push({ ...b, count: added });
  });
  return { count: current.count - previous.count, sum: current.sum - previous.sum, buckets };
}

/**
 * Calls `visit(t, increase)` for each sample that adds to the histogram:
 * every sample but the first, and the first when `firstIsNew(t)`.
 */
export function forEachHistogramIncrement(
  samples: readonly NativeHistogramSample[],
  firstIsNew: (t: number) => boolean,
  visit: (t: number, increase: HistogramIncrease) => void,
): void {
  let previous: NativeHistogramSample | undefined;
  for (const sample of samples) {
    if (!Number.isFinite(sample.count)) continue;
    if (previous === undefined) {
      if (firstIsNew(sample.t)) visit(sample.t, sample);
    } else {
      visit(sample.t, incrementOf(previous, sample));
    }
    previous = sample;
  }
}

/** Sums increases, bucket by bucket, into the coarsest layout among them. */
export class HistogramIncreaseSum {
  private count = 0;
  private sum = 0;
  private readonly buckets = new Map<string, NativeBucket>();

  /** Adds one increase. */
  add(increase: HistogramIncrease): void {
    this.count += increase.count;
    this.sum += increase.sum;
    for (const b of increase.buckets) {
      const key = `${b.lower}|${b.upper}|${b.boundaryRule}`;
      const held = this.buckets.get(key);
      this.buckets.set(
        key,
        held === undefined ? { ...b } : { ...held, count: held.count + b.count },
      );
    }
  }

  /** The total so far; a bucket inside another (a finer schema's) is merged into it. */
  total(): HistogramIncrease {
    const sorted = [...this.buckets.values()].sort(
      (a, b) => a.lower - b.lower || b.upper - a.upper,
    );
    const buckets: NativeBucket[] = [];
    for (const b of sorted) {
      const last = buckets[buckets.length - 1];
      if (last !== undefined && atMost(last.lower, b.lower) && atMost(b.upper, last.upper)) {
        buckets[buckets.length - 1] = { ...last, count: last.count + b.count };
      } else {
        buckets.push(b);
      }
    }
    return { count: this.count, sum: this.sum, buckets };
  }
}

/**
 * The increase of one native histogram series over (fromMs, toMs], given its
 * samples from a lookback before `fromMs` up to `toMs`.
 */
export function exactHistogramIncrease(
  samples: readonly NativeHistogramSample[],
  fromMs: number,
  toMs: number,
): HistogramIncrease {
  const total = new HistogramIncreaseSum();
  forEachHistogramIncrement(
    samples,
    (t) => t > fromMs,
    (t, increase) => {
      if (t > fromMs && t <= toMs) total.add(increase);
    },
  );
  return total.total();
}

/**
 * The increase of one native histogram series per step [startMs + i·stepMs,
 * startMs + (i+1)·stepMs), as `exactIncrements` cuts them.
 * @throws RangeError when `stepMs` is not positive.
 */
export function exactHistogramIncrements(
  samples: readonly NativeHistogramSample[],
  startMs: number,
  endMs: number,
  stepMs: number,
): HistogramIncrease[] {
  const steps = Array.from(
    { length: stepCount(startMs, endMs, stepMs) },
    () => new HistogramIncreaseSum(),
  );
  forEachHistogramIncrement(
    samples,
    (t) => t >= startMs,
    (t, increase) => {
      if (t >= startMs && t < endMs) steps[Math.floor((t - startMs) / stepMs)]?.add(increase);
    },
  );
  return steps.map((s) => s.total());
}
