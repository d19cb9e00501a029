import { exactIncrease, exactIncrements, stepCount } from './exactIncrease.js';
import type { RawSeries } from './PromQlClient.js';

/** One classic bucket's increase: observations at most `le` (cumulative, as `_bucket{le}` counts them). */
export interface ClassicBucketCount {
  /** The bucket's upper bound; `Infinity` for `+Inf`. */
  readonly le: number;
  /** Observations at most `le` added over the window. */
  readonly count: number;
}

/** A `le` label as a number: a decimal, or `+Inf`; undefined when it is neither. */
export function leOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  const value = text.trim() === '' ? Number.NaN : Number(text);
  return Number.isNaN(value) ? undefined : value;
}

function byLe(series: readonly RawSeries[]): Map<number, RawSeries[]> {
  const groups = new Map<number, RawSeries[]>();
  for (const s of series) {
    const le = leOf(s.metric.le);
    if (le === undefined) continue;
    const group = groups.get(le);
    if (group === undefined) groups.set(le, [s]);
    else group.push(s);
  }
  return groups;
}

/**
 * The increase over (fromMs, toMs] of one classic histogram's `_bucket`
 * series (one per `le`, the other labels the same; those with the same
 * `le` are summed), lowest `le` first. Each `le` is an exact counter
 * increase with reset handling (see `exactIncrease`). Series without a
 * numeric `le` are skipped.
 */
export function classicBucketIncrease(
  series: readonly RawSeries[],
  fromMs: number,
  toMs: number,
): ClassicBucketCount[] {
  return [...byLe(series)]
    .map(([le, group]) => ({
      le,
      count: group.reduce((sum, s) => sum + exactIncrease(s.samples, fromMs, toMs), 0),
    }))
    .sort((a, b) => a.le - b.le);
}

/**
 * Per step [startMs + i·stepMs, startMs + (i+1)·stepMs), the increase of each
 * `le` of one classic histogram, as {@link classicBucketIncrease} counts it.
 * @throws RangeError when `stepMs` is not positive.
 */
export function classicBucketIncrements(
  series: readonly RawSeries[],
  startMs: number,
  endMs: number,
  stepMs: number,
): ClassicBucketCount[][] {
  const perLe = [...byLe(series)]
    .sort(([a], [b]) => a - b)
    .map(([le, group]) => {
      const steps = group.map((s) => exactIncrements(s.samples, startMs, endMs, stepMs));
      return { le, steps };
    });
  const count = stepCount(startMs, endMs, stepMs);
  return Array.from({ length: count }, (_, i) =>
    perLe.map(({ le, steps }) => ({ le, count: steps.reduce((sum, s) => sum + (s[i] ?? 0), 0) })),
  );
}
