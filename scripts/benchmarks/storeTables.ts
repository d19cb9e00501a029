import type { BenchResults } from './BenchResults.js';
import { grouped, megabytes, percentOf } from './formatFigures.js';
import { markdownTable } from './markdownTable.js';

const STORES = ['day', 'week', 'day500', 'week500'] as const;
const PERCENTILES = ['p50', 'p95', 'p99', 'p99.9'] as const;

/** The store filled for a day and a week, over 50 and 500 routes. */
export function storeTable(results: BenchResults): string {
  const rows = STORES.map((key) => {
    const at = (...keys: string[]) => results.num('store', 'details', key, ...keys);
    return [
      `${results.str('store', 'details', key, 'which')}, ${at('routes')} routes`,
      `${(at('requests') / 1e6).toFixed(1)}M`,
      grouped(at('series')),
      grouped(at('record_per_s')),
      megabytes(at('memory_bytes')),
      ['overview', 'requests', 'latency', 'errors']
        .map((q) => at('query_ms', q).toFixed(2))
        .join(' / '),
    ];
  });
  return markdownTable(
    [
      'Store',
      'requests recorded',
      'series',
      'records/s while filling',
      'memory',
      'median query ms: overview / requests / latency / errors',
    ],
    rows,
  );
}

/** Relative error of each percentile: our sketches, Prometheus' default buckets and the OTel HTTP buckets. */
export function accuracyTable(results: BenchResults): string {
  const count = results.lengthOf('accuracy', 'by_distribution');
  const rows: string[][] = [];
  for (let i = 0; i < count; i++) {
    for (const p of PERCENTILES) {
      const at = (name: string) => results.num('accuracy', 'by_distribution', i, p, name);
      rows.push([
        results.str('accuracy', 'by_distribution', i, 'distribution'),
        p,
        at('exact_ms').toFixed(3),
        percentOf(at('sketch')),
        percentOf(at('prometheus'), 1),
        percentOf(at('otel'), 1),
      ]);
    }
  }
  return markdownTable(
    [
      'Distribution (1M values)',
      'Percentile',
      'exact, ms',
      'golden-signals',
      'Prometheus default buckets',
      'OTel HTTP buckets',
    ],
    rows,
  );
}

/** Ours against the original design's raw-point store and against histogram buckets. */
export function comparisonTable(results: BenchResults): string {
  const naive = (name: string) => results.num('store', 'details', 'naive', name);
  return markdownTable(
    ['Comparison', 'Measured'],
    [
      [
        'Prometheus default buckets (`histogram_quantile`), max relative error',
        percentOf(results.num('accuracy', 'prometheus_default_buckets_max_rel_error'), 1),
      ],
      [
        'OTel HTTP duration buckets, max relative error',
        percentOf(results.num('accuracy', 'otel_http_buckets_max_rel_error'), 1),
      ],
      [
        `The original design's raw-point store, ${(naive('naive_points') / 1e6).toFixed(0)}M points: latency query / memory`,
        `${grouped(naive('naive_query_ms'), 1)} ms / ${megabytes(naive('naive_memory_bytes'))}`,
      ],
      [
        'Ours, the same points: latency query / memory',
        `${naive('query_ms_24h_same_points').toFixed(2)} ms / ${megabytes(naive('memory_bytes_same_points'))}`,
      ],
      [
        'Ours, `GOLDEN_SIGNALS_RETENTION=7d` (last day at 1,000 req/s, six before at 100): memory',
        megabytes(results.num('store', 'memory_bytes_7d')),
      ],
    ],
  );
}

/** The ingest and receiver figures, one line each. */
export function ingestLines(results: BenchResults): string {
  const receiver = (name: string) => results.num('receiver', 'details', name);
  return [
    `- Ingest: ${grouped(results.num('store', 'details', 'ingest', 'spans_per_s'))} spans/s on one core, the median of ${results.lengthOf('store', 'details', 'ingest', 'runs_spans_per_s')} runs.`,
    `- Receiver: ${grouped(receiver('spans_per_s'))} spans/s on one core, decode included, the median of ${results.lengthOf('receiver', 'details', 'runs_spans_per_s')} runs; batches of ${receiver('batch_spans')} spans, ${grouped(receiver('body_bytes_per_batch'))} bytes each.`,
  ].join('\n');
}
