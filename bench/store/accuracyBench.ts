/**
 * Percentile accuracy against the exact values. A million durations from
 * each distribution are recorded through the store over an hour and ten
 * endpoints (so 60 minute buckets and the endpoint rows are merged, as a
 * query does), and p50/p95/p99/p99.9 of the merged sketch are compared with
 * the exact nearest-rank percentiles of the sorted values. For comparison,
 * the same values in a Prometheus histogram with the client libraries'
 * default buckets (and with OpenTelemetry's advised buckets for
 * http.server.request.duration), estimated as `histogram_quantile` does.
 *
 *   node dist/bench/store/accuracyBench.js
 */
import { RequestStore } from '../../src/store/RequestStore.js';
import { SketchAccumulator } from '../../src/store/sketch/SketchAccumulator.js';
import { logNormal, pareto } from '../../test/support/distributions.js';
import { type Random, seededRandom } from '../../test/support/seededRandom.js';
import { report, round } from '../support/measure.js';

const N = 1_000_000;
const QUANTILES = [0.5, 0.95, 0.99, 0.999];
/** Prometheus client default buckets (Go DefBuckets, prom-client), in ms. */
const PROMETHEUS_DEFAULT_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
/** OpenTelemetry's advised buckets for http.server.request.duration, in ms. */
const OTEL_HTTP_MS = [5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

const DISTRIBUTIONS: { name: string; draw: (r: Random) => number }[] = [
  { name: 'log-normal (median 80 ms, sigma 0.8)', draw: (r) => logNormal(r, 80, 0.8) },
  {
    name: 'bimodal (20 ms / 400 ms, 15% slow)',
    draw: (r) => logNormal(r, r() < 0.15 ? 400 : 20, 0.15),
  },
  { name: 'heavy-tailed (Pareto, min 5 ms, alpha 1.3)', draw: (r) => pareto(r, 5, 1.3) },
];

/** The exact nearest-rank quantile, `sorted[min(floor(n q), n - 1)]`, as the original design. */
function exact(sorted: Float64Array, q: number): number {
  return sorted[Math.min(Math.floor(sorted.length * q), sorted.length - 1)] as number;
}

/** `histogram_quantile(q, ...)` over cumulative bucket counts, as Prometheus computes it. */
function histogramQuantile(bounds: number[], values: Float64Array, q: number): number {
  const counts = bounds.map(() => 0);
  let inf = 0;
  for (const v of values) {
    const i = bounds.findIndex((b) => v <= b);
    if (i === -1) inf++;
    else counts[i] = (counts[i] ?? 0) + 1;
  }
  const rank = q * values.length;
  let cumulative = 0;
  for (let i = 0; i < bounds.length; i++) {
    const before = cumulative;
    cumulative += counts[i] ?? 0;
    if (cumulative >= rank) {
      const lower = i === 0 ? 0 : (bounds[i - 1] as number);
      const upper = bounds[i] as number;
      return lower + (upper - lower) * ((rank - before) / (counts[i] ?? 1));
    }
  }
  // In the +Inf bucket: Prometheus answers the highest finite bound.
  return inf > 0 ? (bounds[bounds.length - 1] as number) : Number.NaN;
}

const relative = (estimate: number, truth: number) => Math.abs(estimate - truth) / truth;
const rows: Record<string, unknown>[] = [];
let sketchMax = 0;
let promMax = 0;
let otelMax = 0;
DISTRIBUTIONS.forEach((distribution, d) => {
  const random = seededRandom(1_000 + d);
  const values = Float64Array.from({ length: N }, () => distribution.draw(random));
  const start = Date.UTC(2024, 0, 1);
  let now = start;
  const store = new RequestStore({ now: () => now });
  values.forEach((durationMs, i) => {
    now = start + Math.floor((i * 3_600_000) / N);
    store.record({
      timestampMs: now,
      durationMs,
      endpoint: `/e${i % 10}`,
      method: 'GET',
      statusCode: 200,
    });
  });
  now = start + 3_600_000;
  const merged = new SketchAccumulator();
  for (const bucket of store.window(2 * 3_600_000).buckets) {
    for (let row = 0; row < bucket.endpoints.length; row++) bucket.mergeEndpointInto(row, merged);
  }
  const sorted = values.slice().sort();
  const errors: Record<string, unknown> = {
    distribution: distribution.name,
    merged_count: merged.count,
  };
  for (const q of QUANTILES) {
    const truth = exact(sorted, q);
    const sketch = relative(merged.quantile(q), truth);
    const prom = relative(histogramQuantile(PROMETHEUS_DEFAULT_MS, values, q), truth);
    const otel = relative(histogramQuantile(OTEL_HTTP_MS, values, q), truth);
    sketchMax = Math.max(sketchMax, sketch);
    promMax = Math.max(promMax, prom);
    otelMax = Math.max(otelMax, otel);
    errors[`p${q * 100}`] = {
      exact_ms: round(truth, 3),
      sketch: round(sketch, 5),
      prometheus: round(prom, 4),
      otel: round(otel, 4),
    };
  }
  rows.push(errors);
});
report({
  samples_per_distribution: N,
  max_rel_error: round(sketchMax, 5),
  prometheus_default_buckets_max_rel_error: round(promMax, 4),
  otel_http_buckets_max_rel_error: round(otelMax, 4),
  by_distribution: rows,
});
