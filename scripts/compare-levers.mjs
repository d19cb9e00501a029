/**
 * The Koa bench rows of bench/http/variants.ts, chosen by key, in one build:
 * PROCS server processes per variant (listed interleaved: process 0 of
 * every variant, then process 1, …), each round in bench/http/processRounds.ts'
 * roundOrder (round r starts at the r-th process, backwards in even rounds,
 * forwards in odd ones, so no variant always runs first or last), the first round discarded.
 * Reports each variant's median CPU
 * µs per request over plain (min–max across its processes) and req/s.
 *
 *   npm run build && node scripts/compare-levers.mjs [rounds] [key,key,...]
 *   e.g. node scripts/compare-levers.mjs 6 plain,full_stock_http,full_otel_histogram,full
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const { VARIANTS } = await import(path.resolve('dist/bench/http/variants.js'));
const { roundOrder } = await import(path.resolve('dist/bench/http/processRounds.js'));

const ROUNDS = Number(process.argv[2] ?? 5);
const keys = (process.argv[3] ?? 'plain,full_stock_http,full_otel_histogram,full').split(',');
const PROCS = Number(process.env.PROCS ?? 3);
const SECONDS = Number(process.env.SECONDS_PER_RUN ?? 4);
const env0 = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')),
);
const chosen = keys.map((k) => {
  const v = VARIANTS.find((x) => x.key === k);
  if (v === undefined) throw new Error(`no variant ${k} in bench/http/variants.ts`);
  return v;
});
function start(v) {
  return new Promise((resolve) => {
    const child = fork(`dist/bench/http/${v.server}`, [v.key], {
      env: { ...env0, ...v.env, GOLDEN_SIGNALS_PORT: '0', ...(v.extraEnv ?? {}) },
      execArgv: [...v.nodeArgs],
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
  for (const v of chosen) procs.push({ v, ...(await start(v)), samples: [] });
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
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rows = new Map();
for (const p of procs) {
  const row = rows.get(p.v.key) ?? { us: [], rps: [] };
  row.us.push(med(p.samples.slice(1).map((s) => s.us)));
  row.rps.push(med(p.samples.slice(1).map((s) => s.rps)));
  rows.set(p.v.key, row);
}
const plain = rows.get('plain');
const plainUs = plain === undefined ? 0 : med(plain.us);
for (const [key, row] of rows) {
  const over = row.us.map((u) => u - plainUs);
  console.log(
    `${key.padEnd(22)} CPU µs/req ${med(row.us).toFixed(1)} (procs ${row.us.map((x) => x.toFixed(1)).join(', ')}); over plain +${med(over).toFixed(1)} (${Math.min(...over).toFixed(1)}..${Math.max(...over).toFixed(1)}); req/s ${Math.round(med(row.rps))}`,
  );
}
for (const p of procs) p.child.kill();
process.exit(0);
