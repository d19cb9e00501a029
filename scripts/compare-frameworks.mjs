/**
 * A/B of the per-framework rows (bench/http/variants.ts FRAMEWORKS) of two
 * builds of this repository, side by side in one run: for each framework,
 * its plain app, ours zero-code from the old build and from the new one, and
 * its peers, PROCS server processes per variant, interleaved rounds
 * (forwards, then backwards), the first round discarded. Reports each row's
 * median CPU µs per request over plain (min–max across its processes), the
 * ratio to each peer, req/s, and whether the dashboard recorded every
 * request ours received.
 *
 *   cp -r dist /tmp/old/ && ln -s "$PWD/node_modules" /tmp/old/node_modules   (before the change)
 *   npm run build && node scripts/compare-frameworks.mjs /tmp/old . [rounds] [express,fastify]
 *
 * COMPARE_LEVERS adds rows of the new build with extra environment, e.g.
 *   COMPARE_LEVERS='stock:GOLDEN_SIGNALS_HTTP_INSTRUMENTATION=stock'
 * (`label:VAR=value,VAR=value`, several separated by `;`).
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

const [oldDir, newDir] = [process.argv[2], process.argv[3]].map((d) => path.resolve(d ?? '.'));
const ROUNDS = Number(process.argv[4] ?? 5);
const names = (process.argv[5] ?? 'express,fastify').split(',');
const PROCS = Number(process.env.PROCS ?? 3);
const SECONDS = Number(process.env.SECONDS_PER_RUN ?? 3);
const { FRAMEWORKS } = await import(path.join(newDir, 'dist/bench/http/variants.js'));
const env0 = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_') && !k.startsWith('GOLDEN_')),
);
const levers = (process.env.COMPARE_LEVERS ?? '')
  .split(';')
  .filter((s) => s !== '')
  .map((spec) => {
    const [label, vars] = spec.split(':');
    return { label, env: Object.fromEntries(vars.split(',').map((kv) => kv.split('='))) };
  });

/** The rows of one framework: plain, ours old, ours new (and levers), peers. */
function rowsOf(framework) {
  const rows = [];
  for (const v of framework.variants) {
    const ours = v.nodeArgs.length > 0;
    const builds = ours
      ? [
          ['old', oldDir],
          ['new', newDir],
        ]
      : [['', newDir]];
    for (const [tag, dir] of builds) {
      const nodeArgs = v.nodeArgs.map((a) => (a.startsWith('./') ? path.join(dir, a) : a));
      rows.push({
        name: ours ? `${v.key} ${tag}` : v.key,
        dir,
        server: v.server,
        key: v.key,
        nodeArgs,
        env: v.env,
      });
    }
    if (ours)
      for (const lever of levers)
        rows.push({
          name: `${v.key} new ${lever.label}`,
          dir: newDir,
          server: v.server,
          key: v.key,
          nodeArgs: v.nodeArgs.map((a) => (a.startsWith('./') ? path.join(newDir, a) : a)),
          env: { ...v.env, ...lever.env },
        });
  }
  return rows;
}

function start(row) {
  return new Promise((resolve, reject) => {
    const child = fork(`${row.dir}/dist/bench/http/${row.server}`, [row.key], {
      cwd: row.dir,
      env: { ...env0, ...row.env, GOLDEN_SIGNALS_PORT: '0' },
      execArgv: [...row.nodeArgs],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.once('message', (m) => resolve({ child, port: m.port }));
    child.once('exit', (code) => reject(new Error(`${row.name} exited with ${code}`)));
  });
}
const stats = (p) =>
  new Promise((r) => {
    p.child.once('message', r);
    p.child.send('stats');
  });
const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(
  `load average at start: ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log(
  `old: ${oldDir}\nnew: ${newDir}\n${PROCS} processes per row, ${ROUNDS} rounds of ${SECONDS} s (first discarded)`,
);
for (const framework of FRAMEWORKS.filter((f) => names.includes(f.name))) {
  const procs = [];
  for (const row of rowsOf(framework))
    for (let i = 0; i < PROCS; i++) procs.push({ row, ...(await start(row)), samples: [] });
  for (let r = 0; r < ROUNDS; r++) {
    for (const p of r % 2 ? [...procs].reverse() : procs) {
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
    console.error(`${framework.name} round ${r + 1}/${ROUNDS}`);
  }
  const byRow = new Map();
  for (const p of procs) {
    const s = await stats(p);
    const agg = byRow.get(p.row.name) ?? { us: [], rps: [], unrecorded: 0 };
    agg.us.push(med(p.samples.slice(1).map((x) => x.us)));
    agg.rps.push(med(p.samples.slice(1).map((x) => x.rps)));
    if (s.recorded >= 0) agg.unrecorded += s.received - s.recorded;
    byRow.set(p.row.name, agg);
    p.child.kill();
  }
  const plainUs = med(byRow.values().next().value.us);
  const over = new Map([...byRow].map(([name, agg]) => [name, agg.us.map((u) => u - plainUs)]));
  const peers = [...byRow.keys()].filter((n) => !n.includes(' ') && !n.endsWith('_plain'));
  console.log(`\n${framework.label}: plain ${plainUs.toFixed(1)} µs/req`);
  for (const [name, agg] of byRow) {
    const o = over.get(name);
    const ratios = name.includes(' ')
      ? peers.map((peer) => ` ÷${peer} ${(med(o) / med(over.get(peer))).toFixed(2)}`).join('')
      : '';
    const counted =
      agg.unrecorded === 0 || !name.includes(' ') ? '' : ` UNRECORDED ${agg.unrecorded}`;
    console.log(
      `${name.padEnd(38)} ${med(agg.us).toFixed(1)} µs/req, over plain +${med(o).toFixed(1)} (${Math.min(...o).toFixed(1)}–${Math.max(...o).toFixed(1)}); ${Math.round(med(agg.rps))} req/s${ratios}${counted}`,
    );
  }
}
console.log(
  `\nload average at end: ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
process.exit(0);
