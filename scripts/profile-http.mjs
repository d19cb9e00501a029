/**
 * Where a bench server's CPU goes, per request: for each Koa variant of
 * bench/http/variants.ts, one server, a warm-up, then N requests (50
 * connections) measured from /proc (main thread, and the other threads:
 * V8's garbage-collector workers, libuv), then N more under V8's CPU
 * profiler, whose samples split the main thread's time by where the code
 * lives. The split is scaled to the unprofiled main-thread figure. Linux
 * only; run it on a quiet machine, one variant after another, so it is a
 * diagnostic beside `npm run bench`, not a goal row.
 *
 *   npm run build && node scripts/profile-http.mjs [keys] [requests]
 *   e.g. node scripts/profile-http.mjs plain,full 100000
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const { VARIANTS, FRAMEWORKS } = await import(path.resolve('dist/bench/http/variants.js'));
const ALL = [...VARIANTS, ...FRAMEWORKS.flatMap((f) => f.variants)];
/** PROFILE_TOP=n also lists each variant's n functions with the most self time. */
const TOP = Number(process.env.PROFILE_TOP ?? 0);

const keys = (process.argv[2] ?? 'plain,full').split(',');
const N = Number(process.argv[3] ?? 100_000);
const TICK_US = 1e6 / 100; // USER_HZ
const env0 = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')),
);

/** CPU ticks of each thread of `pid`. */
function threadTicks(pid) {
  const out = new Map();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(tid, Number(f[11]) + Number(f[12]));
  }
  return out;
}

const CATEGORIES = [
  ['golden-signals', (u) => /\/dist\/src\//.test(u)],
  ['OpenTelemetry', (u) => /node_modules\/@opentelemetry\//.test(u)],
  ['async_hooks (AsyncLocalStorage)', (u) => /async_hooks/.test(u)],
  ['Koa and its modules', (u) => /node_modules\//.test(u)],
  ['Node http, streams, events', (u) => /^node:/.test(u)],
];

/** Main-thread share per category of a CPU profile's busy samples. */
function split(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const counts = new Map();
  let busy = 0;
  for (const id of profile.samples) {
    const cf = byId.get(id);
    if (cf.functionName === '(idle)') continue;
    busy++;
    let name;
    if (cf.functionName === '(garbage collector)') name = 'garbage collector (main thread)';
    else name = CATEGORIES.find(([, test]) => test(cf.url))?.[0] ?? 'native, kernel, other';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return new Map([...counts].map(([k, c]) => [k, c / busy]));
}

/** The `TOP` functions with the most self time, in µs per request of the main thread. */
function printTop(key, profile, main) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map();
  let busy = 0;
  for (const id of profile.samples) {
    const cf = byId.get(id);
    if (cf.functionName === '(idle)') continue;
    busy++;
    const name = `${cf.functionName || '(anonymous)'} ${cf.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/')}:${cf.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + 1);
  }
  console.error(`${key}: top ${TOP} by self time (µs/req)`);
  for (const [name, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.error(`  ${((main * n) / busy).toFixed(2).padStart(6)}  ${name}`);
}

const results = [];
for (const key of keys) {
  const v = ALL.find((x) => x.key === key);
  if (v === undefined) throw new Error(`no variant ${key} in bench/http/variants.ts`);
  const out = path.join(os.tmpdir(), `profile-http-${key}-${process.pid}.cpuprofile`);
  const child = fork(`dist/bench/http/${v.server}`, [v.key], {
    env: { ...env0, ...v.env, GOLDEN_SIGNALS_PORT: '0', PROFILE_HTTP_OUT: out },
    execArgv: ['--import', './scripts/profileHook.mjs', ...v.nodeArgs],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const { port } = await new Promise((r) => child.once('message', r));
  const url = `http://127.0.0.1:${port}/items/7`;
  await autocannon({ url, connections: 50, amount: Math.min(N, 30_000) });
  const before = threadTicks(child.pid);
  await autocannon({ url, connections: 50, amount: N });
  const after = threadTicks(child.pid);
  let main = 0;
  let others = 0;
  for (const [tid, t] of after) {
    const us = ((t - (before.get(tid) ?? 0)) * TICK_US) / N;
    if (tid === String(child.pid)) main += us;
    else others += us;
  }
  child.kill('SIGUSR2');
  await new Promise((r) => setTimeout(r, 300));
  await autocannon({ url, connections: 50, amount: N });
  const written = new Promise((r) => {
    const on = (m) => {
      if (m?.profileWritten !== undefined) {
        child.off('message', on);
        r(m.profileWritten);
      }
    };
    child.on('message', on);
  });
  child.kill('SIGUSR2');
  if (!(await written)) throw new Error(`${key}: the profile was not written`);
  const profile = JSON.parse(fs.readFileSync(out, 'utf8'));
  const shares = split(profile);
  if (TOP > 0) printTop(key, profile, main);
  fs.rmSync(out, { force: true });
  child.disconnect();
  results.push({ key, main, others, shares });
  console.error(
    `${key}: main thread ${main.toFixed(1)} µs/req, other threads ${others.toFixed(1)}`,
  );
}

const names = [...new Set(results.flatMap((r) => [...r.shares.keys()]))].sort();
console.log(
  `\n| µs per request (${N.toLocaleString('en')} requests, load ${os.loadavg()[0].toFixed(1)}) | ${results.map((r) => r.key).join(' | ')} |`,
);
console.log(`|---|${results.map(() => '---:').join('|')}|`);
const row = (label, f) =>
  console.log(`| ${label} | ${results.map((r) => f(r).toFixed(1)).join(' | ')} |`);
row('all threads', (r) => r.main + r.others);
row('other threads (GC workers, libuv)', (r) => r.others);
row('main thread', (r) => r.main);
for (const name of names) row(`  ${name}`, (r) => r.main * (r.shares.get(name) ?? 0));
process.exit(0);
