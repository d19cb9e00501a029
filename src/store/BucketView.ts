import type { EndpointKey } from './EndpointKey.js';
import type { Series } from './Series.js';
import type { SketchAccumulator } from './sketch/SketchAccumulator.js';

/** Count, sum, min and max of some durations, in milliseconds. */
export interface RollupStats {
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
}

/** A bucket's figures over all its requests; errors are status >= 400, server errors >= 500. */
export interface BucketTotals extends RollupStats {
  readonly errors: number;
  readonly serverErrors: number;
}

/**
 * One time bucket, read-only, in columns. Counts are exact per series (row
 * `i` of `series` had `counts[i]` requests); latency is kept per endpoint of
 * each source (row `j` of `endpoints`), since every query reads latency per
 * endpoint or overall, for all sources or some, never per status. Sketches are merged into a
 * {@link SketchAccumulator} rather than handed out, so a closed bucket can
 * stay packed.
 */
export interface BucketView {
  /** Bucket start, epoch milliseconds. */
  readonly start: number;
  /** Bucket width: a minute, or an hour. */
  readonly widthMs: number;
  /** The series with requests in this bucket, one per row. */
  readonly series: readonly Series[];
  /** Requests per series row. */
  readonly counts: ArrayLike<number>;
  /** The endpoints (of a source each) with requests in this bucket, one latency rollup per row. */
  readonly endpoints: readonly EndpointKey[];
  /** Figures over every request of the bucket. */
  readonly totals: BucketTotals;
  /** Count, sum, min and max of one endpoint row. */
  endpointStats(row: number): RollupStats;
  /** Adds one endpoint row's latency (statistics and sketch) to `into`. */
  mergeEndpointInto(row: number, into: SketchAccumulator): void;
  /** Adds the latency of every request of the bucket to `into`. */
  mergeTotalInto(into: SketchAccumulator): void;
}
