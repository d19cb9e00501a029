/**
 * The store sections of `npm run bench` (each script in its own process):
 * accuracy, ingest, memory and query times for 24 h and for `RETENTION=7d`
 * at 50 routes and at 500 routes (the series limit), and the naive store.
 * Returns the `store` and `accuracy` keys of bench/results.json, the goal
 * rows and the comparison lines. Used by bench/run.ts and bench/store/run.ts.
 */

/** Runs a section's script in its own process and parses the JSON line it prints. */
export type Section = (script: string, args?: string[]) => Record<string, unknown>;

type Queries = Record<'overview' | 'requests' | 'latency' | 'errors', number>;
/** A goal row: figure, goal, measured, met. */
export type Row = [figure: string, goal: string, measured: string, met: boolean];

const MB = 1e6;
const fmt = (n: number, digits = 2) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const QUERIES = ['overview', 'requests', 'latency', 'errors'] as const;

/** Runs every store section; `section` resolves scripts relative to bench/ in dist. */
export function storeSections(section: Section) {
  const accuracy = section('./store/accuracyBench.js');
  const ingest = section('./store/ingestBench.js');
  const day = section('./store/storeBench.js', ['24h']);
  const week = section('./store/storeBench.js', ['7d']);
  const day500 = section('./store/storeBench.js', ['24h', '500']);
  const week500 = section('./store/storeBench.js', ['7d', '500']);
  const naive = section('./store/naiveBench.js');
  const dayQueries = day.query_ms as Queries;
  const weekQueries = week.query_ms as Queries;
  const day500Queries = day500.query_ms as Queries;
  const week500Queries = week500.query_ms as Queries;
  const store = {
    ingest_spans_per_s: ingest.spans_per_s,
    memory_bytes_24h_1000rps_50routes: day.memory_bytes,
    query_ms_24h: dayQueries,
    query_ms_7d: weekQueries,
    memory_bytes_7d: week.memory_bytes,
    naive_points: naive.naive_points,
    naive_query_ms: naive.naive_query_ms,
    query_ms_24h_same_points: naive.query_ms_24h_same_points,
    naive_memory_bytes: naive.naive_memory_bytes,
    memory_bytes_same_points: naive.memory_bytes_same_points,
    memory_bytes_24h_1000rps_500routes: day500.memory_bytes,
    memory_bytes_7d_500routes: week500.memory_bytes,
    query_ms_24h_500routes: day500Queries,
    query_ms_7d_500routes: week500Queries,
    series_500routes: day500.series,
    details: { ingest, day, week, naive, day500, week500 },
  };
  const mb = (bytes: unknown) => `${fmt((bytes as number) / MB, 1)} MB`;
  const worst = (q: Queries) => Math.max(...QUERIES.map((k) => q[k]));
  const rows: Row[] = [
    [
      'Store memory, 24 h × 1,000 req/s × 50 routes',
      '≤ 64 MB (32)',
      mb(day.memory_bytes),
      (day.memory_bytes as number) <= 64 * MB,
    ],
    [
      `Store memory, 24 h × 1,000 req/s × 500 routes (${day500.series} series)`,
      '≤ 64 MB',
      mb(day500.memory_bytes),
      (day500.memory_bytes as number) <= 64 * MB,
    ],
    [
      'Store memory, RETENTION=7d, 500 routes (last day 1,000 req/s, before 100)',
      '≤ 80 MB',
      mb(week500.memory_bytes),
      (week500.memory_bytes as number) <= 80 * MB,
    ],
    ...QUERIES.map(
      (q): Row => [
        `Query ${q}, period=24h (median)`,
        '≤ 10 ms',
        `${fmt(dayQueries[q], 3)} ms`,
        dayQueries[q] <= 10,
      ],
    ),
    [
      'Query overview / requests / latency / errors, period=24h, 500 routes (median)',
      '≤ 10 ms',
      `${QUERIES.map((q) => fmt(day500Queries[q], 2)).join(' / ')} ms`,
      worst(day500Queries) <= 10,
    ],
    [
      'Query latency, RETENTION=7d, period=7d',
      '≤ 20 ms',
      `${fmt(weekQueries.latency, 3)} ms`,
      weekQueries.latency <= 20,
    ],
    [
      'Query latency, RETENTION=7d, period=7d, 500 routes',
      '≤ 20 ms',
      `${fmt(week500Queries.latency, 3)} ms`,
      week500Queries.latency <= 20,
    ],
    [
      'Ingest span → record → store, one core',
      '≥ 2M spans/s',
      `${fmt((ingest.spans_per_s as number) / 1e6)}M spans/s`,
      (ingest.spans_per_s as number) >= 2e6,
    ],
    [
      'p50/p95/p99/p99.9 max relative error',
      '≤ 1%',
      `${fmt((accuracy.max_rel_error as number) * 100, 2)}%`,
      (accuracy.max_rel_error as number) <= 0.01,
    ],
  ];
  const comparison = [
    '',
    `| Comparison | Measured |`,
    '|---|---|',
    `| Prometheus default buckets, max relative error | ${fmt((accuracy.prometheus_default_buckets_max_rel_error as number) * 100, 1)}% |`,
    `| Naive raw-point store, ${fmt(naive.naive_points as number, 0)} points: latency query / memory | ${fmt(naive.naive_query_ms as number, 1)} ms / ${mb(naive.naive_memory_bytes)} |`,
    `| Ours, same points: latency query / memory | ${fmt(naive.query_ms_24h_same_points as number, 3)} ms / ${mb(naive.memory_bytes_same_points)} |`,
    `| Store, RETENTION=7d (last day 1,000 req/s, before 100 req/s): memory | ${mb(week.memory_bytes)} |`,
    `| Store, RETENTION=7d, 500 routes, period=7d: overview / requests / latency / errors | ${QUERIES.map((q) => fmt(week500Queries[q], 2)).join(' / ')} ms |`,
  ];
  return { store, accuracy, rows, comparison };
}
