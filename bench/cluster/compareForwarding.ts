/**
 * The forwarding rows of two builds side by side in one run: the worker's
 * CPU µs per request of a 1-worker cluster that forwards, over the same
 * build's one process with the in-process store, for the build in `dist/`
 * ("new") and another build ("old", e.g. the main branch), plus plain
 * Express for reference. Several trees per variant, interleaved rounds
 * (forwards, then backwards), a warm-up run first. Unlike the bench rows, a
 * dashboard that counts fewer requests than were sent does not stop the
 * run: each variant's counted/sent totals, and its forwarders' own counts
 * (`telemetry.forwarded`), are printed.
 *
 *   node dist/bench/cluster/compareForwarding.js /tmp/old-build [processes] [rounds] [requests]
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_FORWARD_DELAY_MS } from '../../src/config.js';
import { median, round } from '../support/measure.js';
import { type ClusterTree, startTrees, type TreeSpec } from './ClusterTree.js';
import { countedLoad, sleep } from './countedLoad.js';
import { ROUTE } from './treeRounds.js';

const oldDir = resolve(process.argv[2] ?? '.');
const processes = Number(process.argv[3] ?? 3);
const rounds = Number(process.argv[4] ?? 2);
const requests = Number(process.argv[5] ?? 5_000);
const WARMUP = 2_000;
const CONNECTIONS = 50;
/** How long the dashboard may take to catch up after a run. */
const CATCH_UP_MS = 5_000;
const oldRegister = `${oldDir}/dist/instrumentation.js`;
const log = (line: string) => process.stderr.write(`${line}\n`);

const VARIANTS: readonly { readonly key: string; readonly spec: TreeSpec }[] = [
  { key: 'plain', spec: { workers: 0, goldenSignals: false } },
  { key: 'old in_process', spec: { workers: 0, goldenSignals: true, register: oldRegister } },
  { key: 'old forwarding', spec: { workers: 1, goldenSignals: true, register: oldRegister } },
  { key: 'new in_process', spec: { workers: 0, goldenSignals: true } },
  { key: 'new forwarding', spec: { workers: 1, goldenSignals: true } },
];

interface Tally {
  serverMicros: number;
  primaryMicros: number;
  requests: number;
  sent: number;
  counted: number;
}

/** Waits until the dashboard shows `expected` (or stops changing past the catch-up time); its total. */
async function caughtUp(tree: ClusterTree, expected: number): Promise<number> {
  await sleep(DEFAULT_FORWARD_DELAY_MS + 200);
  if (tree.dashboardUrl === undefined) return -1;
  const deadline = Date.now() + CATCH_UP_MS;
  let total = await tree.dashboardTotal();
  while (total < expected && Date.now() < deadline) {
    await sleep(100);
    total = await tree.dashboardTotal();
  }
  return total;
}

async function forwardedOf(tree: ClusterTree): Promise<unknown> {
  if (tree.dashboardUrl === undefined) return undefined;
  const res = await fetch(`${tree.dashboardUrl}/overview`);
  return ((await res.json()) as { telemetry?: { forwarded?: unknown } }).telemetry?.forwarded;
}

const spread = (xs: readonly number[]) =>
  `${round(median(xs), 1)} (${round(Math.min(...xs), 1)}–${round(Math.max(...xs), 1)})`;

const start = loadavg();
const order = Array.from({ length: processes }, () => VARIANTS).flat();
const trees = await startTrees(order.map((v) => v.spec));
const tallies: Tally[] = trees.map(() => ({
  serverMicros: 0,
  primaryMicros: 0,
  requests: 0,
  sent: 0,
  counted: 0,
}));
const forwarded: unknown[] = [];
try {
  for (const [i, tree] of trees.entries()) {
    await countedLoad(`${tree.origin}${ROUTE}`, WARMUP, CONNECTIONS, 60);
    (tallies[i] as Tally).sent += WARMUP;
    await caughtUp(tree, WARMUP);
  }
  for (let r = 0; r < rounds; r++) {
    const indices = [...trees.keys()];
    for (const i of r % 2 === 0 ? indices : indices.reverse()) {
      const tree = trees[i] as ClusterTree;
      const tally = tallies[i] as Tally;
      const before = tree.cpu();
      const run = await countedLoad(`${tree.origin}${ROUTE}`, requests, CONNECTIONS, 60);
      tally.sent += run.requests;
      tally.counted = await caughtUp(tree, tally.sent);
      const after = tree.cpu();
      const serverBefore = before.workers[0] ?? before.primary;
      const serverAfter = after.workers[0] ?? after.primary;
      tally.serverMicros += serverAfter - serverBefore;
      tally.primaryMicros += after.primary - before.primary;
      tally.requests += run.requests;
    }
    log(`  compare forwarding round ${r + 1}/${rounds} done`);
  }
  for (const tree of trees) forwarded.push(await forwardedOf(tree));
} finally {
  await Promise.all(trees.map((t) => t.stop()));
}
const of = (key: string) => order.flatMap((v, i) => (v.key === key ? [i] : []));
const perRequest = (key: string, micros: (t: Tally) => number) =>
  of(key).map((i) => micros(tallies[i] as Tally) / (tallies[i] as Tally).requests);
const server = (key: string) => perRequest(key, (t) => t.serverMicros);
const plain = median(server('plain'));
console.log(
  `CPU µs per request, median (min–max) of ${processes} trees, ${rounds} rounds of ${requests} requests (GET ${ROUTE}, ${CONNECTIONS} connections)`,
);
for (const v of VARIANTS) {
  const xs = server(v.key);
  const counted = of(v.key).map((i) => `${tallies[i]?.counted}/${tallies[i]?.sent}`);
  const primary =
    v.spec.workers > 0 ? `; primary ${spread(perRequest(v.key, (t) => t.primaryMicros))}` : '';
  const counts = v.spec.goldenSignals ? `; counted/sent ${counted.join(' ')}` : '';
  console.log(
    `${v.key.padEnd(15)} server ${spread(xs)}, over plain ${spread(xs.map((x) => x - plain))}${primary}${counts}`,
  );
  if (v.spec.workers > 0) {
    for (const i of of(v.key)) console.log(`    forwarded ${JSON.stringify(forwarded[i])}`);
  }
}
for (const tag of ['old', 'new']) {
  const f = server(`${tag} forwarding`);
  const p = server(`${tag} in_process`);
  console.log(
    `${tag}: forwarding worker over in-process, medians: ${round(median(f) - median(p), 1)} µs`,
  );
}
console.log(
  `load average at start ${start.map((x) => x.toFixed(2)).join(' ')}, at end ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
