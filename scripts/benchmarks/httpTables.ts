import type { BenchResults } from './BenchResults.js';
import { grouped, minuteUtc, plain, signed, signedSpread, spread, times } from './formatFigures.js';
import { markdownTable } from './markdownTable.js';

/** The rounds of an HTTP section, as its title says them: `6 rounds × 2 s after a warm-up round`. */
function roundsOf(results: BenchResults, section: string): string {
  const rounds = results.num(section, 'options', 'rounds');
  const seconds = results.num(section, 'options', 'seconds');
  return `${rounds} rounds × ${seconds} s after a warm-up round`;
}

/** One trivial-route table: a row per variant of `variantsAt`, CPU first. */
function trivialTable(results: BenchResults, title: string, variantsAt: readonly string[]): string {
  const rows = results.keysOf(...variantsAt).map((key) => {
    const at = (...keys: string[]) => results.num(...variantsAt, key, ...keys);
    return [
      results.str(...variantsAt, key, 'label'),
      signedSpread(
        at('cpu_us_over_plain'),
        at('cpu_us_over_plain_min'),
        at('cpu_us_over_plain_max'),
      ),
      plain(at('cpu_us_per_request')),
      grouped(at('rps')),
      times(at('ratio_vs_plain')),
    ];
  });
  return markdownTable(
    [
      title,
      'server CPU µs/request over plain: median (min – max over processes)',
      'server CPU µs/request',
      'req/s (median)',
      'req/s ÷ plain (median over rounds)',
    ],
    rows,
  );
}

/** The Koa rows on the trivial route `GET /items/:id`, and the machine they ran on. */
export function koaTable(results: BenchResults): string {
  const processes = results.num('http', 'options', 'processes');
  const connections = results.num('http', 'options', 'connections');
  const title = `Koa \`${results.str('http', 'options', 'route')}\`, ${processes} processes per row, ${roundsOf(results, 'http')}, ${connections} connections`;
  const start = results.num('http', 'run', 'load_average_at_start', 0);
  const end = results.num('http', 'run', 'load_average_at_end', 0);
  const machine = `Recorded ${minuteUtc(results.str('http', 'run', 'date'))}, ${results.num('http', 'run', 'seconds')} s, load average ${start} at the start and ${end} at the end (1 minute).`;
  return `${trivialTable(results, title, ['http', 'variants'])}\n\n${machine}`;
}

/** The Express 5 or Fastify 5 rows (`framework`: `express` or `fastify`). */
export function frameworkTable(results: BenchResults, framework: string): string {
  const processes = results.num('http_frameworks', 'options', 'processes');
  const connections = results.num('http_frameworks', 'options', 'connections');
  const route = results.str('http_frameworks', 'options', 'route');
  const label = results.str('http_frameworks', framework, 'label');
  const title = `${label}: \`${route}\`, ${processes} processes per row, ${roundsOf(results, 'http_frameworks')}, ${connections} connections`;
  return trivialTable(results, title, ['http_frameworks', framework, 'variants']);
}

/** The paced 1 ms route of `http_realistic` (`which`: `io_1ms` or `cpu_1ms`). */
export function realisticTable(results: BenchResults, which: string): string {
  const at = (...keys: (string | number)[]) => results.num('http_realistic', ...keys);
  const title = `Koa \`GET ${results.str('http_realistic', which, 'path')}\`, ${results.str('http_realistic', which, 'label')}: ${grouped(at(which, 'rate'))} req/s paced over ${at('options', 'connections')} connections, ${at('options', 'processes')} processes per row, ${roundsOf(results, 'http_realistic')}`;
  // Results before issue 26 have no paired figures: that column says so.
  const paired = (key: string) =>
    results.find('http_realistic', which, 'variants', key, 'cpu_over_plain_pct_paired') ===
    undefined
      ? 'not measured'
      : `${signed(at(which, 'variants', key, 'cpu_over_plain_pct_paired'))}% (${signed(at(which, 'variants', key, 'cpu_over_plain_pct_paired_p25'))}% – ${signed(at(which, 'variants', key, 'cpu_over_plain_pct_paired_p75'))}%)`;
  const rows = results.keysOf('http_realistic', which, 'variants').map((key) => {
    const v = (name: string) => at(which, 'variants', key, name);
    return [
      results.str('http_realistic', which, 'variants', key, 'label'),
      paired(key),
      signedSpread(v('cpu_us_over_plain'), v('cpu_us_over_plain_min'), v('cpu_us_over_plain_max')),
      `${signed(v('cpu_over_plain_pct'))}%`,
      `${v('latency_ms_p50').toFixed(3)} (${signed(v('latency_over_plain_pct_p50'))}%)`,
      `${signed(v('latency_over_plain_pct_mean'))}%`,
      v('latency_ms_p99').toFixed(3),
      plain(v('cpu_us_per_request')),
    ];
  });
  return markdownTable(
    [
      title,
      'server CPU over plain, paired runs: median (quartiles)',
      'server CPU µs/request over plain: median (min – max)',
      "as % of plain's CPU/request (whole-run medians)",
      'latency p50, ms (over plain)',
      'mean latency over plain',
      'latency p99, ms',
      'server CPU µs/request',
    ],
    rows,
  );
}

/** Both multi-process tables: forwarding from a worker, and 2-worker clusters. */
export function clusterTables(results: BenchResults): string {
  const f = (...keys: (string | number)[]) => results.num('cluster_forwarding', ...keys);
  const trio = (base: readonly (string | number)[]) =>
    spread(f(...base, 'median'), f(...base, 'min'), f(...base, 'max'));
  const counted = (section: string, key: string) =>
    results.find(section, 'variants', key, 'counted') === undefined
      ? '—'
      : `${grouped(results.num(section, 'variants', key, 'counted', 'dashboard'))} / ${grouped(results.num(section, 'variants', key, 'counted', 'client'))}`;
  const forwardingRows = results.keysOf('cluster_forwarding', 'variants').map((key) => {
    const v = ['variants', key];
    return [
      results.str('cluster_forwarding', 'variants', key, 'label'),
      trio([...v, 'server_cpu_us_per_request']),
      signedSpread(
        f(...v, 'server_cpu_us_over_plain', 'median'),
        f(...v, 'server_cpu_us_over_plain', 'min'),
        f(...v, 'server_cpu_us_over_plain', 'max'),
      ),
      results.find('cluster_forwarding', ...v, 'primary_cpu_us_per_request') === undefined
        ? '—'
        : trio([...v, 'primary_cpu_us_per_request']),
      grouped(f(...v, 'rps')),
      counted('cluster_forwarding', key),
    ];
  });
  const forwarding = markdownTable(
    [
      `Express \`${results.str('cluster_forwarding', 'options', 'route')}\`, ${f('options', 'processes')} trees per row, ${f('options', 'rounds')} rounds × ${grouped(f('options', 'requests'))} requests, ${f('options', 'connections')} connections`,
      'serving process CPU µs/request: median (min – max over trees)',
      'over plain one process',
      'primary (receiver) CPU µs/request',
      'req/s (median)',
      'dashboard / client requests',
    ],
    forwardingRows,
  );
  const t = (...keys: (string | number)[]) => results.num('cluster_throughput', ...keys);
  const tTrio = (key: string, name: string) =>
    spread(
      t('variants', key, name, 'median'),
      t('variants', key, name, 'min'),
      t('variants', key, name, 'max'),
    );
  const throughputRows = results
    .keysOf('cluster_throughput', 'variants')
    .map((key) => [
      results.str('cluster_throughput', 'variants', key, 'label'),
      `${grouped(t('variants', key, 'rps', 'median'))} (${grouped(t('variants', key, 'rps', 'min'))} – ${grouped(t('variants', key, 'rps', 'max'))})`,
      tTrio(key, 'tree_cpu_us_per_request'),
      tTrio(key, 'primary_cpu_us_per_request'),
      counted('cluster_throughput', key),
    ]);
  const throughput = markdownTable(
    [
      `Express \`${results.str('cluster_throughput', 'options', 'route')}\`, ${t('options', 'workers')}-worker cluster, ${t('options', 'clusters')} clusters per row, ${t('options', 'rounds')} rounds × ${grouped(t('options', 'requests'))} requests, ${t('options', 'connections')} connections`,
      'req/s: median (min – max over runs)',
      'whole tree CPU µs/request (min – max over clusters)',
      'primary CPU µs/request',
      'dashboard / client requests',
    ],
    throughputRows,
  );
  const summary = [
    `Forwarding over keeping the store in process: ${signed(f('forwarding_over_in_process_us'))} µs of the serving process's CPU per request.`,
    `The receiver over a plain primary: ${signed(f('receiver_over_plain_primary_us'))} µs of the primary's CPU per request.`,
    `golden-signals ÷ plain req/s in 2-worker clusters: ${times(t('ratio_ours_vs_plain', 'median'))}, the median of the pairs measured back to back (${times(t('ratio_ours_vs_plain', 'min'))} – ${times(t('ratio_ours_vs_plain', 'max'))}).`,
  ].join('\n');
  return `${forwarding}\n\n${throughput}\n\n${summary}`;
}
