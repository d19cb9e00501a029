import type { NativeBuckets } from '../../../src/telemetry/prometheus/ExponentialBuckets.js';

/**
 * `histogram_quantile` over one native histogram as Prometheus 2.42 computes
 * it (promql/quantile.go): the bucket where the cumulative count reaches
 * `q · count`, then linear interpolation inside it.
 */
export function nativeQuantile(q: number, h: NativeBuckets): number {
  const base = 2 ** (2 ** -h.schema);
  const buckets: { lower: number; upper: number; count: number }[] = [];
  if (h.zeroCount > 0) buckets.push({ lower: 0, upper: h.zeroThreshold, count: h.zeroCount });
  let index = 0;
  let count = 0;
  let d = 0;
  for (const span of h.spans) {
    index += span.offset;
    for (let i = 0; i < span.length; i++, index++) {
      count += h.deltas[d++] as number;
      buckets.push({ lower: base ** (index - 1), upper: base ** index, count });
    }
  }
  const total = buckets.reduce((s, b) => s + b.count, 0);
  const rank = q * total;
  let cumulative = 0;
  for (const b of buckets) {
    cumulative += b.count;
    if (cumulative >= rank) {
      return b.lower + (b.upper - b.lower) * ((rank - (cumulative - b.count)) / b.count);
    }
  }
  return Number.NaN;
}
