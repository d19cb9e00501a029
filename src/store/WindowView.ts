import type { BucketView } from './BucketView.js';

/** The buckets that cover a query window. */
export interface WindowView {
  /** Start of the window: a minute boundary, or an hour boundary when it reaches past the fine span. */
  readonly sinceMs: number;
  /** The query time. */
  readonly nowMs: number;
  /** Width of the fine buckets (a minute). */
  readonly bucketMs: number;
  /** Width of the widest bucket in `buckets`; timeseries steps are multiples of it. */
  readonly resolutionMs: number;
  /** The finest buckets covering the window, oldest first: minutes, and hours past the fine span. */
  readonly buckets: readonly BucketView[];
  /**
   * The same requests in the fewest buckets, oldest first: each closed day,
   * hour or quarter inside the window as one bucket. With `alignMs` (a
   * multiple of `resolutionMs`), only bucket widths that divide it, so each
   * bucket falls inside one step of that width.
   */
  cover(alignMs?: number): readonly BucketView[];
}
