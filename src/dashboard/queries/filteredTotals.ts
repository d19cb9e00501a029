import type { BucketTotals, BucketView } from '../../store/BucketView.js';
import { isUnfiltered, matchesSource, type SourceFilter } from '../../store/SourceFilter.js';
import type { SketchAccumulator } from '../../store/sketch/SketchAccumulator.js';

/** Requests, errors (status >= 400) and server errors (>= 500) of a bucket. */
export type BucketCounts = Pick<BucketTotals, 'count' | 'errors' | 'serverErrors'>;

/**
 * A bucket's counts over the sources `filter` passes: its totals when
 * unfiltered (today's numbers, no extra work), else the sum of its matching
 * series rows, which is exact too.
 */
export function countsOf(bucket: BucketView, filter: SourceFilter): BucketCounts {
  if (isUnfiltered(filter)) return bucket.totals;
  let count = 0;
  let errors = 0;
  let serverErrors = 0;
  for (let row = 0; row < bucket.series.length; row++) {
    const series = bucket.series[row];
    if (series === undefined || !matchesSource(filter, series.source)) continue;
    const n = bucket.counts[row] ?? 0;
    count += n;
    if (series.statusCode >= 400) errors += n;
    if (series.statusCode >= 500) serverErrors += n;
  }
  return { count, errors, serverErrors };
}

/**
 * Adds the latency of a bucket's requests from the sources `filter` passes
 * to `into`: the bucket's total row when unfiltered, else its matching
 * endpoint rows (the same bins, merged).
 */
export function mergeLatencyInto(
  bucket: BucketView,
  filter: SourceFilter,
  into: SketchAccumulator,
): void {
  if (isUnfiltered(filter)) {
    bucket.mergeTotalInto(into);
    return;
  }
  bucket.endpoints.forEach((key, row) => {
    if (matchesSource(filter, key.source)) bucket.mergeEndpointInto(row, into);
  });
}
