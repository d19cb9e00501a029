/**
 * The store's once-a-minute fold as a server feels it: foldPauseServer.ts
 * (500 routes, real clock) under a steady paced load of 1,000 req/s from
 * this process, across `boundaries` minute boundaries. Every second it reads
 * and resets the server's event-loop delay (monitorEventLoopDelay, 1 ms
 * resolution) and its slowest `record` calls, then compares the seconds
 * that hold a minute boundary with the others.
 *
 *   npm run build && node dist/bench/store/foldPauseBench.js [boundaries]
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { pacedLoad } from '../http/pacedLoad.js';
import { machine, machineLine } from '../support/machine.js';
import { median } from '../support/measure.js';
import { loadAverage } from '../support/timedSection.js';
import type { FoldPauseStats } from './foldPauseServer.js';

const RATE = 1000;
const CONNECTIONS = 8;
const boundaries = Number(process.argv[2] ?? 2);
const loadAtStart = loadAverage();

const child = fork(fileURLToPath(new URL('./foldPauseServer.js', import.meta.url)), [], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const [{ port }] = (await once(child, 'message')) as [{ port: number }];
const url = `http://127.0.0.1:${port}/`;
const stats = (reset: boolean): Promise<FoldPauseStats> =>
  new Promise((resolve) => {
    child.once('message', (m: FoldPauseStats) => resolve(m));
    child.send(reset ? 'reset' : 'peek');
  });

// Warm-up, then one-second windows until `boundaries` minutes have turned.
await pacedLoad(url, 3, RATE, CONNECTIONS);
await stats(true);
const seconds: { start: number; end: number; s: FoldPauseStats }[] = [];
let turned = 0;
while (turned < boundaries) {
  const start = Date.now();
  await pacedLoad(url, 1, RATE, CONNECTIONS);
  const s = await stats(true);
  const end = Date.now();
  const crossed = Math.floor(end / 60_000) > Math.floor(start / 60_000);
  if (crossed) turned++;
  seconds.push({ start, end, s });
}
child.disconnect();

const crossing = (w: { start: number; end: number }) =>
  Math.floor(w.end / 60_000) > Math.floor(w.start / 60_000);
const fmt = (x: number) => x.toFixed(2);
const at = seconds.filter(crossing);
const rest = seconds.filter((w) => !crossing(w));
for (const w of at) {
  console.log(
    `window ${new Date(w.start).toISOString()} – ${new Date(w.end).toISOString().slice(11)}: loop delay max ${fmt(w.s.delayMaxMs)} ms, p99 ${fmt(w.s.delayP99Ms)} ms; slowest records ${w.s.slowestRecords.map((r) => `${fmt(r.ms)} ms (CPU ${fmt(r.cpuMs)} ms) at ${r.at.slice(11)}`).join(', ')}`,
  );
}
const med = (f: (s: FoldPauseStats) => number) => fmt(median(rest.map((w) => f(w.s))));
const worst = (f: (s: FoldPauseStats) => number) => fmt(Math.max(...rest.map((w) => f(w.s))));
console.log(
  `other ${rest.length} one-second windows: loop delay max median ${med((s) => s.delayMaxMs)} ms (worst ${worst((s) => s.delayMaxMs)}), p99 median ${med((s) => s.delayP99Ms)} ms; slowest record median ${med((s) => s.slowestRecords[0]?.ms ?? 0)} ms (worst ${worst((s) => s.slowestRecords[0]?.ms ?? 0)})`,
);
console.log(`${machineLine(machine(), loadAtStart, loadAverage())}`);
