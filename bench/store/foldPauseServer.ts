/**
 * The server of foldPauseBench.ts, in its own process: a node:http server
 * whose every request is recorded into a RequestStore of 500 routes (the
 * synthetic traffic's shapes, real clock), as the dashboard exporter records
 * a span. It watches its event loop with perf_hooks.monitorEventLoopDelay
 * and times every `record` call, so the store's once-a-minute fold (pack
 * the minute's live buckets, roll finished quarters and hours, forget old
 * series), which runs inside the first record of a new minute, shows as the
 * slowest record and as the loop's delay. Answers its figures over IPC.
 *
 *   node dist/bench/store/foldPauseServer.js   (started by foldPauseBench.js)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { RequestStore } from '../../src/store/RequestStore.js';
import { reusableRecord, ShapePool } from '../support/syntheticTraffic.js';

/** Routes of the store: the 500-route goals' count. */
export const FOLD_ROUTES = 500;
/** Requests recorded into the current minute before the load starts: a minute at 1,000 req/s. */
export const PREFILL = 60_000;
/** Slowest records kept, with when they ran. */
const KEEP_SLOWEST = 5;

/** What the server answers over IPC. */
export interface FoldPauseStats {
  readonly records: number;
  /** The slowest `record` calls: their duration, the process's CPU time over it, and when. */
  readonly slowestRecords: readonly {
    readonly ms: number;
    readonly cpuMs: number;
    readonly at: string;
  }[];
  /** Event-loop delay since the last reset (ms). */
  readonly delayMaxMs: number;
  readonly delayP99Ms: number;
  readonly delayP50Ms: number;
}

const pool = new ShapePool(200_000, 20_240_101, FOLD_ROUTES);
const store = new RequestStore();
const rec = reusableRecord();
let n = 0;
for (; n < PREFILL; n++) {
  pool.fill(rec, n, Date.now());
  store.record(rec);
}
const slowest: { ms: number; cpuMs: number; at: string }[] = [];
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();

const server = http.createServer((_req, res) => {
  pool.fill(rec, n++, Date.now());
  // CPU time too: on a shared machine a slow call may only have waited for a core.
  const cpu = process.cpuUsage();
  const t = performance.now();
  store.record(rec);
  const ms = performance.now() - t;
  if (slowest.length < KEEP_SLOWEST || ms > (slowest.at(-1)?.ms ?? 0)) {
    const used = process.cpuUsage(cpu);
    slowest.push({ ms, cpuMs: (used.user + used.system) / 1000, at: new Date().toISOString() });
    slowest.sort((a, b) => b.ms - a.ms);
    slowest.length = Math.min(slowest.length, KEEP_SLOWEST);
  }
  res.setHeader('content-type', 'application/json');
  res.end('{"ok":true}');
});
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('message', (m: string) => {
  const stats: FoldPauseStats = {
    records: n,
    slowestRecords: slowest.map((s) => ({
      ms: Math.round(s.ms * 1000) / 1000,
      cpuMs: Math.round(s.cpuMs * 1000) / 1000,
      at: s.at,
    })),
    delayMaxMs: delay.max / 1e6,
    delayP99Ms: delay.percentile(99) / 1e6,
    delayP50Ms: delay.percentile(50) / 1e6,
  };
  if (m === 'reset') {
    delay.reset();
    slowest.length = 0;
  }
  process.send?.(stats);
});
process.on('disconnect', () => process.exit(0));
