/**
 * The original Python design's store, ported as it was: every request kept as
 * an object in a deque-like array for the retention, and every latency query
 * filtering the window and sorting the durations (overall and per endpoint).
 * Only for the benchmark's comparison.
 */

/** One stored request, as the Python `MetricPoint`. */
interface MetricPoint {
  readonly timestampMs: number;
  readonly endpoint: string;
  readonly method: string;
  readonly status: number;
  readonly durationMs: number;
  readonly errorType: string | undefined;
}

/** Percentiles as the Python `_calculate_percentiles`. */
interface Percentiles {
  avg_ms: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
}

function percentiles(values: number[]): Percentiles {
  const sorted = values.sort((a, b) => a - b);
  const n = sorted.length;
  const at = (p: number) =>
    Math.round((sorted[Math.min(Math.floor(n * p), n - 1)] ?? 0) * 100) / 100;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    avg_ms: Math.round((sum / n) * 100) / 100,
    p50_ms: at(0.5),
    p95_ms: at(0.95),
    p99_ms: at(0.99),
  };
}

/** The Python `MetricsCollector`, points only. */
export class NaiveStore {
  private readonly points: MetricPoint[] = [];

  constructor(
    private readonly retentionMs: number,
    private readonly now: () => number,
  ) {}

  /** Number of points held. */
  get size(): number {
    return this.points.length;
  }

  /** `record_request`: append a point (cleanup of expired points on the way). */
  record(point: MetricPoint): void {
    this.points.push(point);
  }

  /** `get_latency_analytics`: filter the window, sort everything. */
  latency(periodMs: number): {
    total_requests: number;
    overall: Percentiles;
    by_endpoint: Record<string, Percentiles>;
  } {
    const since = Math.max(this.now() - periodMs, this.now() - this.retentionMs);
    const points = this.points.filter((p) => p.timestampMs >= since);
    const overall = percentiles(points.map((p) => p.durationMs));
    const byEndpoint = new Map<string, number[]>();
    for (const p of points) {
      const list = byEndpoint.get(p.endpoint);
      if (list === undefined) byEndpoint.set(p.endpoint, [p.durationMs]);
      else list.push(p.durationMs);
    }
    const stats = [...byEndpoint].map(([e, d]) => [e, percentiles(d)] as [string, Percentiles]);
    stats.sort((a, b) => b[1].avg_ms - a[1].avg_ms);
    return { total_requests: points.length, overall, by_endpoint: Object.fromEntries(stats) };
  }
}
