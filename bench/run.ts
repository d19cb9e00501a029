/**
 * `npm run bench`: every figure of the scale, accuracy and overhead goals in
 * one run. Each store section runs in its own process (with --expose-gc, so
 * retained memory is measured on a clean heap), and so does the OTLP
 * receiver's ingest section; then the Koa HTTP rows (the trivial route, then
 * the realistic 1 ms routes in the same processes), then the per-framework
 * rows (Express and Fastify: plain, ours zero-code, peers), then the
 * multi-process rows (what OTLP forwarding costs a cluster worker, and a
 * 2-worker cluster with and without golden-signals; bench/cluster/), then
 * the engine rows (serve --prometheus over Prometheus and VictoriaMetrics
 * loaded with 500 routes × 5 instances; bench/promql/). The dependency
 * sections (issue 23) run beside the store's.
 * Every HTTP variant runs in several server processes, measured in
 * interleaved rounds after a warm-up round (http/processRounds.ts). Prints
 * tables and writes bench/results.json, after checking that it keeps every
 * key path of the committed one (the run exits 1 if not).
 *
 *   npm run bench                      # build, then node dist/bench/run.js
 *   BENCH_QUICK=1 npm run bench        # smoke run, about five minutes: short
 *   node dist/bench/run.js --quick     #   HTTP, receiver and multi-process rows, no
 *                                      #   store sections; writes bench/results.quick.json
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { runClusterRows } from './cluster/clusterRows.js';
import { dependencySections } from './dependencies/dependencySections.js';
import {
  DEFAULT_FRAMEWORK_OPTIONS,
  QUICK_FRAMEWORK_OPTIONS,
  runFrameworkBench,
} from './http/frameworkBench.js';
import { frameworkTable } from './http/frameworkTable.js';
import { runHttpRows } from './http/httpRows.js';
import { signed } from './http/rowsTable.js';
import { DEFAULT_IDLE_RSS_OPTIONS, runIdleRss } from './memory/idleRss.js';
import { idleRssTable } from './memory/idleRssTable.js';
import {
  DEFAULT_ENGINE_OPTIONS,
  QUICK_ENGINE_OPTIONS,
  runEngineQueryBench,
} from './promql/engineQueryBench.js';
import { engineTable } from './promql/engineTable.js';
import { type Row, storeSections } from './store/storeSections.js';
import { machine, machineLine } from './support/machine.js';
import { round } from './support/measure.js';
import { lostKeyPaths, lostKeysLine, resultsPath, writeResults } from './support/resultsFile.js';
import { loadAverage, timed } from './support/timedSection.js';

const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const started = performance.now();
const loadAverageAtStart = loadAverage();
const thisMachine = machine();
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

/**
 * The store sections (skipped in quick mode): their results, goal rows and
 * comparison lines, with `store.run` (when, how long, on what, how loaded) as
 * `node dist/bench/store/run.js` writes it, so a full run keeps that key.
 */
function runStoreSections() {
  log('store sections');
  const date = new Date().toISOString();
  const started = performance.now();
  const load_average_at_start = loadAverage();
  const sections = storeSections(section);
  const run = {
    date,
    seconds: round((performance.now() - started) / 1000, 1),
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    load_average_at_start,
    load_average_at_end: loadAverage(),
    machine: thisMachine,
  };
  return { ...sections, store: { ...sections.store, run } };
}

const stored = quick ? undefined : runStoreSections();
// Issue 23: client spans per call, and the store over 500 routes with 50 dependencies.
function runDependencySections() {
  log('dependency sections');
  return dependencySections(section);
}
const dependencyRun = quick ? undefined : runDependencySections();

// Short enough for the quick run too: one process, decode included, no HTTP.
log('receiver section');
const receiverIngest = section('./receiver/receiverIngestBench.js', quick ? ['--quick'] : []);

log('http rows');
const { table: httpTable, ...httpKeys } = await runHttpRows(quick, thisMachine, log);

log('per-framework rows');
const frameworkOptions = quick ? QUICK_FRAMEWORK_OPTIONS : DEFAULT_FRAMEWORK_OPTIONS;
const { run: frameworksRun, ...frameworks } = await timed(() =>
  runFrameworkBench(frameworkOptions, log),
);

log('multi-process rows');
const { table: clusterTable, ...clusterKeys } = await runClusterRows(quick, log);

log('engine rows (serve --prometheus over Prometheus and VictoriaMetrics)');
const promql = await timed(() =>
  runEngineQueryBench(quick ? QUICK_ENGINE_OPTIONS : DEFAULT_ENGINE_OPTIONS, log),
);

log('idle memory row');
const idleMemory = await timed(() =>
  runIdleRss(
    { ...DEFAULT_IDLE_RSS_OPTIONS, rounds: quick ? 1 : DEFAULT_IDLE_RSS_OPTIONS.rounds },
    log,
  ),
);

const results = {
  ...httpKeys,
  http_frameworks: {
    options: { route: 'GET /items/:id', ...frameworkOptions },
    ...frameworks,
    run: frameworksRun,
  },
  ...(stored === undefined ? {} : { store: stored.store, accuracy: stored.accuracy }),
  ...(dependencyRun === undefined ? {} : { dependencies: dependencyRun.dependencies }),
  receiver: {
    ingest_spans_per_s: receiverIngest.spans_per_s as number,
    details: receiverIngest,
  },
  ...clusterKeys,
  promql,
  idle_memory: idleMemory,
  machine: {
    ...thisMachine,
    load_average_at_start: loadAverageAtStart,
    load_average_at_end: loadAverage(),
  },
  run: {
    date: new Date().toISOString(),
    seconds: round((performance.now() - started) / 1000, 1),
    quick,
  },
};
// Every key of the committed full run must stay (a quick run has no store sections).
const lost = lostKeyPaths(results, quick ? ['store', 'accuracy', 'dependencies'] : []);
writeResults(resultsPath(quick), results);

const full = results.http.variants.full;
const rows: Row[] = [
  [
    `Full monitoring (default config) over plain Koa, server CPU µs/request, median of ${results.http.options.processes} processes (min – max)`,
    '≤ 20 µs',
    `${signed(full.cpu_us_over_plain)} µs (${signed(full.cpu_us_over_plain_min)} – ${signed(full.cpu_us_over_plain_max)})`,
    full.cpu_us_over_plain <= 20,
  ],
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
  [
    `Idle RSS over the app alone (Express 5, ${results.idle_memory.idle.after_ms / 1000} s idle), median of ${results.idle_memory.processes_per_variant} processes (min – max)`,
    '≤ +25 MB',
    `${signed(results.idle_memory.idle.over_plain.rss.median)} MB (${signed(results.idle_memory.idle.over_plain.rss.min)} – ${signed(results.idle_memory.idle.over_plain.rss.max)})`,
    results.idle_memory.idle.over_plain.rss.median <= 25,
  ],
  ...(stored?.rows ?? []),
  ...(dependencyRun?.rows ?? []),
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
console.log(table.join('\n'));
console.log(
  [
    '',
    httpTable,
    frameworkTable(frameworks, frameworkOptions),
    clusterTable,
    engineTable(promql),
    idleRssTable(idleMemory),
    ...(stored?.comparison ?? []),
    '',
    `${machineLine(thisMachine, loadAverageAtStart, results.machine.load_average_at_end)}; ${results.run.seconds} s${quick ? ' (quick: no store sections, rough)' : ''}; wrote ${quick ? 'bench/results.quick.json' : 'bench/results.json'}`,
    lostKeysLine(lost),
  ].join('\n'),
);
if (lost.length > 0) process.exitCode = 1;
