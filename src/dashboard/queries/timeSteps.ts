import type { WindowView } from '../../store/BucketTiers.js';
import type { BucketView } from '../../store/BucketView.js';

/** Most points a `timeseries` holds, about. */
export const MAX_TIMESERIES_POINTS = 120;

const MINUTE = 60_000;
/** Candidate steps, smallest first; a chart reads best with round steps. */
const NICE_STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map(
  (m) => m * MINUTE,
);

/** The smallest round step (at least one bucket) that keeps a window within the point budget. */
export function chooseStepMs(windowMs: number, bucketMs: number): number {
  for (const step of NICE_STEPS_MS) {
    if (step >= bucketMs && step % bucketMs === 0 && windowMs / step <= MAX_TIMESERIES_POINTS) {
      return step;
    }
  }
  return NICE_STEPS_MS[NICE_STEPS_MS.length - 1] as number;
}

/** Buckets grouped into steps that span the whole window, oldest first, empty steps included. */
export interface StepGroup {
  readonly start: number;
  readonly buckets: BucketView[];
}

/**
 * Groups a window's buckets into consecutive steps aligned to multiples of
 * the step, which is a multiple of the window's resolution. The buckets are
 * the window's cover aligned to the step (quarters in 15-minute steps, hours
 * in 2-hour steps, minutes otherwise), so each falls inside one step and a
 * day of 15-minute steps merges about a hundred buckets, not 1,441.
 */
export function groupBySteps(view: WindowView): { stepMs: number; groups: StepGroup[] } {
  const lastStart = view.nowMs - (view.nowMs % view.bucketMs);
  const stepMs = chooseStepMs(lastStart + view.bucketMs - view.sinceMs, view.resolutionMs);
  const first = view.sinceMs - (view.sinceMs % stepMs);
  const groups: StepGroup[] = [];
  for (let start = first; start <= lastStart; start += stepMs) groups.push({ start, buckets: [] });
  for (const bucket of view.cover(stepMs)) {
    groups[Math.floor((bucket.start - first) / stepMs)]?.buckets.push(bucket);
  }
  return { stepMs, groups };
}
