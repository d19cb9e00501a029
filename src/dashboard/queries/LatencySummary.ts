import { SketchAccumulator } from '../../store/sketch/SketchAccumulator.js';
import { round2 } from './numbers.js';

/** Latency statistics in the original design's shape. */
export interface LatencySummary {
  avg_ms: number;
  min_ms: number;
  max_ms: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
}

/** A fresh, empty sketch to merge rollups into. */
export function emptySketch(): SketchAccumulator {
  return new SketchAccumulator();
}

/**
 * The quantile `q` of a merged sketch, by the original design's nearest-rank
 * definition `sorted[min(floor(n * q), n - 1)]`, within the sketch's 1%
 * relative accuracy, and clamped to the exact min and max the sketch tracks.
 * 0 when empty.
 */
export function quantile(sketch: SketchAccumulator, q: number): number {
  return sketch.quantile(q);
}

/** The quantiles a summary shows, ascending: p50, p95, p99. */
export const SUMMARY_QUANTILES: readonly number[] = Object.freeze([0.5, 0.95, 0.99]);

/**
 * Summarizes a merged sketch; all zeros when it is empty. With `quantiles`
 * (length 3), the unrounded p50, p95 and p99 are left there too, read in
 * one walk over the bins.
 */
export function summarize(
  sketch: SketchAccumulator,
  quantiles: Float64Array = new Float64Array(SUMMARY_QUANTILES.length),
): LatencySummary {
  sketch.quantilesInto(SUMMARY_QUANTILES, quantiles);
  if (sketch.count === 0) {
    return { avg_ms: 0, min_ms: 0, max_ms: 0, p50_ms: 0, p95_ms: 0, p99_ms: 0 };
  }
  return {
    avg_ms: round2(sketch.sum / sketch.count),
    min_ms: round2(sketch.min),
    max_ms: round2(sketch.max),
    p50_ms: round2(quantiles[0] as number),
    p95_ms: round2(quantiles[1] as number),
    p99_ms: round2(quantiles[2] as number),
  };
}
