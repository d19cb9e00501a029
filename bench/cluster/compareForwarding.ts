/**
 * The forwarding rows of two builds side by side in one run: the worker's
 * CPU µs per request of a 1-worker cluster that forwards, over the same
 * build's one process with the in-process store, for the build in `dist/`
 * ("new") and another build ("old", e.g. the main branch), plus plain
 * Express for reference. Several trees per variant, interleaved rounds
 * (treeRounds.ts), exact totals checked as in the bench.
 *
 *   node dist/bench/cluster/compareForwarding.js /tmp/old-build [processes] [rounds]
 */

import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { median, round } from '../support/measure.js';
import { startTrees, type TreeSpec } from './ClusterTree.js';
import { measureTrees, type TreeSample } from './treeRounds.js';

const oldDir = resolve(process.argv[2] ?? '.');
const processes = Number(process.argv[3] ?? 3);
const rounds = Number(process.argv[4] ?? 2);
const oldRegister = `${oldDir}/dist/instrumentation.js`;
const log = (line: string) => process.stderr.write(`${line}\n`);

const VARIANTS: readonly { readonly key: string; readonly spec: TreeSpec }[] = [
  { key: 'plain', spec: { workers: 0, goldenSignals: false } },
  { key: 'old in_process', spec: { workers: 0, goldenSignals: true, register: oldRegister } },
  { key: 'old forwarding', spec: { workers: 1, goldenSignals: true, register: oldRegister } },
  { key: 'new in_process', spec: { workers: 0, goldenSignals: true } },
  { key: 'new forwarding', spec: { workers: 1, goldenSignals: true } },
];

const perRequest = (samples: readonly TreeSample[], micros: (s: TreeSample) => number) =>
  samples.reduce((n, s) => n + micros(s), 0) / samples.reduce((n, s) => n + s.requests, 0);
const spread = (xs: readonly number[]) =>
  `${round(median(xs), 1)} (${round(Math.min(...xs), 1)}–${round(Math.max(...xs), 1)})`;

const start = loadavg();
const order = Array.from({ length: processes }, () => VARIANTS).flat();
const trees = await startTrees(order.map((v) => v.spec));
let measured: Awaited<ReturnType<typeof measureTrees>>;
try {
  measured = await measureTrees(
    trees,
    { rounds, requests: 5_000, warmupRequests: 2_000, connections: 50, maxSeconds: 60 },
    log,
    'compare forwarding',
  );
} finally {
  await Promise.all(trees.map((t) => t.stop()));
}
const of = (key: string) => order.flatMap((v, i) => (v.key === key ? [i] : []));
const server = (key: string) =>
  of(key).map((i) =>
    perRequest(measured.samples[i] ?? [], (x) => x.workerMicros[0] ?? x.primaryMicros),
  );
const primary = (key: string) =>
  of(key).map((i) => perRequest(measured.samples[i] ?? [], (x) => x.primaryMicros));
const plain = median(server('plain'));
console.log(
  `CPU µs per request, median (min–max) of ${processes} trees, ${rounds} rounds of 5,000 requests`,
);
for (const v of VARIANTS) {
  const xs = server(v.key);
  const counted = of(v.key).map((i) => `${measured.counted[i]}/${measured.sent[i]}`);
  const extra = v.spec.workers > 0 ? `; primary ${spread(primary(v.key))}` : '';
  console.log(
    `${v.key.padEnd(16)} server ${spread(xs)}, over plain ${spread(xs.map((x) => x - plain))}${extra}; counted ${counted.join(' ')}`,
  );
}
for (const tag of ['old', 'new']) {
  const f = server(`${tag} forwarding`);
  const p = server(`${tag} in_process`);
  console.log(`${tag}: forwarding over in-process, worker: ${round(median(f) - median(p), 1)} µs`);
}
console.log(
  `load average at start ${start.map((x) => x.toFixed(2)).join(' ')}, at end ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
