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

/** Summarizes a merged sketch; all zeros when it is empty. */
export function summarize(sketch: SketchAccumulator): LatencySummary {
  if (sketch.count === 0) {
    return { avg_ms: 0, min_ms: 0, max_ms: 0, p50_ms: 0, p95_ms: 0, p99_ms: 0 };
  }
  return {
    avg_ms: round2(sketch.sum / sketch.count),
    min_ms: round2(sketch.min),
    max_ms: round2(sketch.max),
    p50_ms: round2(quantile(sketch, 0.5)),
    p95_ms: round2(quantile(sketch, 0.95)),
    p99_ms: round2(quantile(sketch, 0.99)),
  };
}
