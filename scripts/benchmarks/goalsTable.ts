import type { BenchResults } from './BenchResults.js';
import { grouped, megabytes, percentOf, signedSpread, times } from './formatFigures.js';
import { markdownTable } from './markdownTable.js';
import { sectionCpu } from './sectionMachines.js';

/** One goal: what is measured, the goal as text, the figure, and whether it is met. */
interface Goal {
  readonly figure: string;
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
  /** The section of bench/results.json the figure comes from (for the machine it was measured on). */
  readonly section: string;
}

const QUERIES = ['overview', 'requests', 'latency', 'errors'] as const;

/** `0.09 / 0.42 / 2.44 / 2.59 ms` from a `query_ms_*` object, and its slowest figure. */
function queryTimes(results: BenchResults, key: string): { text: string; slowest: number } {
  const values = QUERIES.map((query) => results.num('store', key, query));
  return {
    text: `${values.map((v) => v.toFixed(2)).join(' / ')} ms`,
    slowest: Math.max(...values),
  };
}

function goals(results: BenchResults): Goal[] {
  const http = (...keys: string[]) => results.num('http', ...keys);
  const store = (...keys: string[]) => results.num('store', ...keys);
  const full = ['variants', 'full'];
  const day = queryTimes(results, 'query_ms_24h');
  const day500 = queryTimes(results, 'query_ms_24h_500routes');
  const overFull = http(...full, 'cpu_us_over_plain');
  const mb = (key: string) => store(key) / 1e6;
  return [
    {
      figure:
        'Full monitoring (default config) over plain Koa, server CPU µs/request, median of the processes (lowest – highest)',
      goal: '≤ 20 µs',
      measured: `${signedSpread(overFull, http(...full, 'cpu_us_over_plain_min'), http(...full, 'cpu_us_over_plain_max'))} µs`,
      met: overFull <= 20,
      section: 'http',
    },
    {
      figure: 'Full pipeline (default config) ÷ plain Koa, same trivial route',
      goal: '≥ 0.50×',
      measured: times(http('ratio_full_vs_plain')),
      met: http('ratio_full_vs_plain') >= 0.5,
      section: 'http',
    },
    {
      figure: 'Lean config ÷ plain Koa',
      goal: '≥ 0.55×',
      measured: times(http('ratio_lean_vs_plain')),
      met: http('ratio_lean_vs_plain') >= 0.55,
      section: 'http',
    },
    {
      figure: 'Full pipeline ÷ bare OTel (same SDK set-up, no-op exporter)',
      goal: '≥ 0.97×',
      measured: times(http('ratio_full_vs_otel_noop')),
      met: http('ratio_full_vs_otel_noop') >= 0.97,
      section: 'http',
    },
    {
      figure: 'Store memory, 24 h at 1,000 req/s over 50 routes (86.4M requests)',
      goal: '≤ 64 MB',
      measured: megabytes(store('memory_bytes_24h_1000rps_50routes')),
      met: mb('memory_bytes_24h_1000rps_50routes') <= 64,
      section: 'store',
    },
    {
      figure: `Store memory, 24 h at 1,000 req/s over 500 routes (${grouped(store('series_500routes'))} series, at the series limit)`,
      goal: '≤ 64 MB',
      measured: megabytes(store('memory_bytes_24h_1000rps_500routes')),
      met: mb('memory_bytes_24h_1000rps_500routes') <= 64,
      section: 'store',
    },
    {
      figure:
        'Store memory, `GOLDEN_SIGNALS_RETENTION=7d` over 500 routes (last day 1,000 req/s, six before 100 req/s)',
      goal: '≤ 80 MB',
      measured: megabytes(store('memory_bytes_7d_500routes')),
      met: mb('memory_bytes_7d_500routes') <= 80,
      section: 'store',
    },
    {
      figure: 'Median query time, `period=24h`: overview / requests / latency / errors',
      goal: '≤ 10 ms',
      measured: day.text,
      met: day.slowest <= 10,
      section: 'store',
    },
    {
      figure: 'Median latency query, `GOLDEN_SIGNALS_RETENTION=7d`, `period=7d`',
      goal: '≤ 20 ms',
      measured: `${store('query_ms_7d', 'latency').toFixed(2)} ms`,
      met: store('query_ms_7d', 'latency') <= 20,
      section: 'store',
    },
    {
      figure: 'Median query time, `period=24h`, 500 routes: overview / requests / latency / errors',
      goal: '≤ 10 ms',
      measured: day500.text,
      met: day500.slowest <= 10,
      section: 'store',
    },
    {
      figure: 'Median latency query, `GOLDEN_SIGNALS_RETENTION=7d`, `period=7d`, 500 routes',
      goal: '≤ 20 ms',
      measured: `${store('query_ms_7d_500routes', 'latency').toFixed(2)} ms`,
      met: store('query_ms_7d_500routes', 'latency') <= 20,
      section: 'store',
    },
    {
      figure: 'Ingest, span → record → store, one core',
      goal: '≥ 2M spans/s',
      measured: `${(store('ingest_spans_per_s') / 1e6).toFixed(2)}M spans/s`,
      met: store('ingest_spans_per_s') >= 2e6,
      section: 'store',
    },
    {
      figure: 'p50 / p95 / p99 / p99.9 relative error against exact (3 distributions)',
      goal: '≤ 1%',
      measured: `${percentOf(results.num('accuracy', 'max_rel_error'))} at most`,
      met: results.num('accuracy', 'max_rel_error') <= 0.01,
      section: 'accuracy',
    },
    {
      figure:
        'Receiver ingest, spans/s on one core, decode included (OTLP protobuf, batches of 512, in-process)',
      goal: '≥ 50k spans/s',
      measured: `${Math.round(results.num('receiver', 'ingest_spans_per_s') / 1000)}k spans/s`,
      met: results.num('receiver', 'ingest_spans_per_s') >= 50_000,
      section: 'receiver',
    },
  ];
}

/** The table of goals: figure, goal, measured, whether the goal is met, and on which CPU. */
export function goalsTable(results: BenchResults): string {
  return markdownTable(
    ['Figure', 'Goal', 'Measured', 'Met', 'Measured on'],
    goals(results).map((goal) => [
      goal.figure,
      goal.goal,
      goal.measured,
      goal.met ? 'yes' : '**no**',
      sectionCpu(results, goal.section),
    ]),
  );
}
