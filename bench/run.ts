/**
 * `npm run bench`: every figure of the scale, accuracy and overhead goals in
 * one run. Each store section runs in its own process (with --expose-gc, so
 * retained memory is measured on a clean heap), and so does the OTLP
 * receiver's ingest section; then the Koa HTTP rows, then the per-framework
 * rows (Express and Fastify: plain, ours zero-code, peers), then the
 * multi-process rows (what OTLP forwarding costs a cluster worker, and a
 * 2-worker cluster with and without golden-signals; bench/cluster/).
 * Prints tables and writes bench/results.json.
 *
 *   npm run bench                      # build, then node dist/bench/run.js
 *   BENCH_QUICK=1 npm run bench        # smoke run, about three minutes: short
 *   node dist/bench/run.js --quick     #   HTTP, receiver and multi-process rows, no
 *                                      #   store sections; writes bench/results.quick.json
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { runClusterRows } from './cluster/clusterRows.js';
import {
  DEFAULT_FRAMEWORK_OPTIONS,
  QUICK_FRAMEWORK_OPTIONS,
  runFrameworkBench,
} from './http/frameworkBench.js';
import { frameworkTable } from './http/frameworkTable.js';
import { DEFAULT_HTTP_OPTIONS, runHttpBench } from './http/httpBench.js';
import type { VariantKey } from './http/variants.js';
import { type Row, storeSections } from './store/storeSections.js';
import { median, round } from './support/measure.js';

const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const started = performance.now();
const loadAverageAtStart = os.loadavg().map((l) => round(l, 2));
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Runs a section's script in its own process and parses the JSON line it prints. */
function section(script: string, args: string[] = []): Record<string, unknown> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const t = performance.now();
  const out = execFileSync(process.execPath, ['--expose-gc', path, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  log(`  ${script} ${args.join(' ')} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

const fmt = (n: number, digits = 2) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

/** The store sections (skipped in quick mode): their results, goal rows and comparison lines. */
function runStoreSections() {
  log('store sections');
  return storeSections(section);
}

const stored = quick ? undefined : runStoreSections();

// Short enough for the quick run too: one process, decode included, no HTTP.
log('receiver section');
const receiverIngest = section('./receiver/receiverIngestBench.js', quick ? ['--quick'] : []);

log('http rows');
const httpOptions = quick
  ? { ...DEFAULT_HTTP_OPTIONS, seconds: 2, rounds: 2 }
  : DEFAULT_HTTP_OPTIONS;
const http = await runHttpBench(httpOptions, log);
/** Median over rounds of `a`'s req/s over `b`'s, same round. */
const pairRatio = (a: VariantKey, b: VariantKey) =>
  round(median(http[a].rps_runs.map((r, i) => r / (http[b].rps_runs[i] ?? Number.NaN))), 3);

log('per-framework rows');
const frameworkOptions = quick ? QUICK_FRAMEWORK_OPTIONS : DEFAULT_FRAMEWORK_OPTIONS;
const frameworks = await runFrameworkBench(frameworkOptions, log);

log('multi-process rows');
const { table: clusterTable, ...clusterKeys } = await runClusterRows(quick, log);

const results = {
  http: {
    plain_rps: http.plain.rps,
    otel_noop_rps: http.otel_noop.rps,
    full_rps: http.full.rps,
    lean_rps: http.lean.rps,
    swagger_stats_rps: http.swagger_stats.rps,
    ratio_full_vs_plain: pairRatio('full', 'plain'),
    ratio_lean_vs_plain: pairRatio('lean', 'plain'),
    ratio_full_vs_otel_noop: pairRatio('full', 'otel_noop'),
    ratio_swagger_stats_vs_plain: pairRatio('swagger_stats', 'plain'),
    ratio_otel_noop_vs_plain: pairRatio('otel_noop', 'plain'),
    options: { route: 'GET /items/:id', ...httpOptions },
    variants: http,
  },
  http_frameworks: {
    options: { route: 'GET /items/:id', ...frameworkOptions },
    ...frameworks,
  },
  ...(stored === undefined ? {} : { store: stored.store, accuracy: stored.accuracy }),
  receiver: {
    ingest_spans_per_s: receiverIngest.spans_per_s as number,
    details: receiverIngest,
  },
  ...clusterKeys,
  machine: {
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model ?? 'unknown',
    memory_gib: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    load_average_at_start: loadAverageAtStart,
    load_average_at_end: os.loadavg().map((l) => round(l, 2)),
  },
  run: {
    date: new Date().toISOString(),
    seconds: round((performance.now() - started) / 1000, 1),
    quick,
  },
};
// A quick run's rough figures never replace the full run's.
const resultsFile = fileURLToPath(
  new URL(`../../bench/results${quick ? '.quick' : ''}.json`, import.meta.url),
);
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
// Format it as the repository's linter does, so `npm run lint` stays clean after a run.
const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
execFileSync(process.execPath, [biome, 'format', '--write', resultsFile], { stdio: 'ignore' });

const rows: Row[] = [
  [
    'Full pipeline (default config) ÷ plain Koa',
    '≥ 0.50×',
    `${results.http.ratio_full_vs_plain}×`,
    results.http.ratio_full_vs_plain >= 0.5,
  ],
  [
    'Lean config ÷ plain Koa',
    '≥ 0.55×',
    `${results.http.ratio_lean_vs_plain}×`,
    results.http.ratio_lean_vs_plain >= 0.55,
  ],
  [
    'Full pipeline ÷ bare OTel (no-op exporter)',
    '≥ 0.97×',
    `${results.http.ratio_full_vs_otel_noop}×`,
    results.http.ratio_full_vs_otel_noop >= 0.97,
  ],
  ...(stored?.rows ?? []),
  [
    'Receiver ingest, spans/s on one core, decode included (OTLP protobuf, batches of 512, in-process)',
    '≥ 50k spans/s',
    `${fmt(results.receiver.ingest_spans_per_s / 1e3, 0)}k spans/s`,
    results.receiver.ingest_spans_per_s >= 50e3,
  ],
];
const table = [
  '| Figure | Goal | Measured | Met |',
  '|---|---|---|---|',
  ...rows.map(([f, g, m, ok]) => `| ${f} | ${g} | ${m} | ${ok ? 'yes' : 'NO'} |`),
];
const variantRows = (Object.keys(http) as VariantKey[]).map((k) => {
  const v = http[k];
  return `| ${v.label} | ${fmt(v.rps, 0)} | ${v.ratio_vs_plain}× | ${v.cpu_us_per_request} |`;
});
console.log(table.join('\n'));
console.log(
  [
    '',
    `| HTTP row (${httpOptions.connections} connections, ${httpOptions.rounds} rounds × ${httpOptions.seconds} s) | req/s (median) | ÷ plain (median of pairs) | server CPU µs/request |`,
    '|---|---|---|---|',
    ...variantRows,
    frameworkTable(frameworks, frameworkOptions),
    clusterTable,
    ...(stored?.comparison ?? []),
    '',
    `${results.machine.cpus} × ${results.machine.cpu_model}, ${results.machine.memory_gib} GiB, Node ${results.machine.node}; load average ${loadAverageAtStart.join(' ')} at start, ${results.machine.load_average_at_end.join(' ')} at end; ${results.run.seconds} s${quick ? ' (quick: no store sections, rough)' : ''}; wrote ${quick ? 'bench/results.quick.json' : 'bench/results.json'}`,
  ].join('\n'),
);
