import type { BenchResults } from './BenchResults.js';
import { megabytes, signed, signedSpread, times } from './formatFigures.js';
import { markdownTable } from './markdownTable.js';
import { sectionCpu } from './sectionMachines.js';

/** The opening marker of the README's generated cost table. */
export const COST_BLOCK_START = '<!-- bench:cost -->';
/** The closing marker of the README's generated cost table. */
export const COST_BLOCK_END = '<!-- /bench:cost -->';

/** The dependency rows (issue 23), once `bench/results.json` has them. */
function dependencyRows(results: BenchResults): string[][] {
  if (results.find('dependencies') === undefined) return [];
  const at = (name: string) => results.num('dependencies', name);
  return [
    [
      "An outgoing call: the SDK's CLIENT span / golden-signals' rollup of it",
      `${(at('sdk_ns_per_call') / 1e3).toFixed(2)} µs / ${(at('rollup_ns_per_call') / 1e3).toFixed(2)} µs`,
      '—',
      sectionCpu(results, 'dependencies'),
    ],
    [
      `Memory, ${at('hours')} h over 500 routes with 50 dependencies (1,000 calls/s)`,
      `${megabytes(at('memory_bytes_500routes_50deps'))} (+${megabytes(at('memory_growth_bytes'))})`,
      '—',
      sectionCpu(results, 'dependencies'),
    ],
  ];
}

/**
 * The README's short cost table: CPU, throughput, latency and memory, from
 * `bench/results.json`, each row with the CPU it was measured on (sections
 * rerun apart may come from another machine).
 */
export function costTable(results: BenchResults): string {
  const over = (...at: string[]) =>
    `${signedSpread(results.num(...at, 'cpu_us_over_plain'), results.num(...at, 'cpu_us_over_plain_min'), results.num(...at, 'cpu_us_over_plain_max'))} µs`;
  const framework = (name: string, variant: string) => [
    'http_frameworks',
    name,
    'variants',
    variant,
  ];
  const wait = (variant: string) =>
    `${signed(results.num('http_realistic', 'io_1ms', 'variants', variant, 'latency_over_plain_pct_p50'))}%`;
  const table = markdownTable(
    ['What it costs', 'Measured', 'Throughput ÷ plain', 'Measured on'],
    [
      [
        'Koa, trivial route, default config: CPU per request over plain',
        over('http', 'variants', 'full'),
        times(results.num('http', 'ratio_full_vs_plain')),
        sectionCpu(results, 'http'),
      ],
      [
        'Koa, trivial route, lean config (`OTEL_METRICS_EXPORTER=none`)',
        over('http', 'variants', 'lean'),
        times(results.num('http', 'ratio_lean_vs_plain')),
        sectionCpu(results, 'http'),
      ],
      [
        'Express 5, trivial route, zero-code',
        over(...framework('express', 'express_ours')),
        times(results.num(...framework('express', 'express_ours'), 'ratio_vs_plain')),
        sectionCpu(results, 'http_frameworks'),
      ],
      [
        'Fastify 5, trivial route, zero-code',
        over(...framework('fastify', 'fastify_ours')),
        times(results.num(...framework('fastify', 'fastify_ours'), 'ratio_vs_plain')),
        sectionCpu(results, 'http_frameworks'),
      ],
      [
        'Koa, a route that awaits 1 ms: p50 latency over plain (default / lean)',
        `${wait('full')} / ${wait('lean')}`,
        '—',
        sectionCpu(results, 'http_realistic'),
      ],
      [
        'Memory, 24 h at 1,000 req/s: 50 routes / 500 routes',
        `${megabytes(results.num('store', 'memory_bytes_24h_1000rps_50routes'))} / ${megabytes(results.num('store', 'memory_bytes_24h_1000rps_500routes'))}`,
        '—',
        sectionCpu(results, 'store'),
      ],
      [
        'Memory, 7 days over 500 routes',
        megabytes(results.num('store', 'memory_bytes_7d_500routes')),
        '—',
        sectionCpu(results, 'store'),
      ],
      ...dependencyRows(results),
    ],
  );
  const cpus = [
    ...new Set(
      ['http', 'http_frameworks', 'http_realistic', 'store', 'dependencies']
        .filter((section) => results.find(section) !== undefined)
        .map((section) => sectionCpu(results, section)),
    ),
  ];
  return cpus.length < 2
    ? table
    : `${table}\n\nThese rows come from ${cpus.length} machines (${cpus.join(', ')}): compare a row's figures only with rows of the same CPU.`;
}

/**
 * `text` with the part between the cost markers replaced by `table`.
 * @throws Error when the markers are missing or out of order.
 */
export function withCostTable(text: string, table: string): string {
  const start = text.indexOf(COST_BLOCK_START);
  const end = text.indexOf(COST_BLOCK_END);
  if (start < 0 || end < start) {
    throw new Error(`README.md must hold ${COST_BLOCK_START} … ${COST_BLOCK_END}`);
  }
  return `${text.slice(0, start + COST_BLOCK_START.length)}\n\n${table}\n\n${text.slice(end)}`;
}
