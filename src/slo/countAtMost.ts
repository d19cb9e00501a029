import type { SketchAccumulator } from '../store/sketch/SketchAccumulator.js';
import { binOf } from '../store/sketch/sketchBins.js';

/**
 * How many of a merged sketch's durations are at most `ms`: exact when `ms`
 * is below the exact minimum or at least the exact maximum; otherwise the
 * count of every bin up to the one holding `ms`, so a duration up to about
 * 1% above `ms` (in the same bin) counts as at most `ms` (the sketch's
 * relative accuracy).
 */
export function countAtMost(sketch: SketchAccumulator, ms: number): number {
  if (sketch.count === 0 || ms < sketch.min) return 0;
  if (ms >= sketch.max) return sketch.count;
  const last = binOf(ms);
  let n = 0;
  for (let b = 0; b <= last; b++) n += sketch.bins[b] ?? 0;
  return Math.min(n, sketch.count);
}
