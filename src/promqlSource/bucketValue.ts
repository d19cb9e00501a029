/**
 * The one value that stands for every observation in a histogram bucket
 * `(lower, upper]`, in the bucket's unit: its geometric middle, whose
 * relative distance to any value in the bucket is at most
 * `sqrt(upper / lower) - 1` (0.54% for a native bucket at schema 6, whose
 * buckets grow by 2^(1/64)). A bucket from 0 stands at half its upper
 * bound; the last classic bucket, up to +Inf, at its lower bound (as
 * `histogram_quantile` answers); a bucket of negative values at 0.
 */
export function bucketValue(lower: number, upper: number): number {
  if (!(upper > 0)) return 0;
  if (upper === Number.POSITIVE_INFINITY) return Math.max(lower, 0);
  if (!(lower > 0)) return upper / 2;
  return Math.sqrt(lower * upper);
}
