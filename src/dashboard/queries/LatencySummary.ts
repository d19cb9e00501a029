import { DDSketch } from '@datadog/sketches-js';
import { SKETCH_RELATIVE_ACCURACY } from '../../store/RequestStore.js';
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
export function emptySketch(): DDSketch {
  return new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
}

/**
 * The quantile `q` of a merged sketch, by the original design's nearest-rank
 * definition `sorted[min(floor(n * q), n - 1)]`, within the sketch's 1%
 * relative accuracy, and clamped to the exact min and max the sketch tracks.
 * DDSketch ranks by `q * (n - 1)` and takes the lower value, so the rank is
 * translated (the half keeps float error off the boundary). 0 when empty.
 */
export function quantile(sketch: DDSketch, q: number): number {
  const n = sketch.count;
  if (n === 0) return 0;
  if (n === 1) return sketch.min;
  const rank = Math.min(Math.floor(n * q), n - 1);
  const value = sketch.getValueAtQuantile(Math.min(1, (rank + 0.5) / (n - 1)));
  return Math.min(sketch.max, Math.max(sketch.min, value));
}

/** Summarizes a merged sketch; all zeros when it is empty. */
export function summarize(sketch: DDSketch): LatencySummary {
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
