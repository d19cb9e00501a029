import type { Source } from './Source.js';

/**
 * What one latency row of a bucket is kept for: an endpoint of one source.
 * Interned by the {@link SeriesRegistry}, so buckets key their rows by
 * reference and every series of the same source and endpoint shares one.
 */
export interface EndpointKey {
  readonly source: Source;
  /** Route template, `unmatched`, or the overflow endpoint. */
  readonly endpoint: string;
}
