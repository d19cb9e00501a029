/**
 * The idle memory row (issue 26: idle RSS over the app alone ≤ +25 MB): the
 * same small Express app (idleApp.ts) started plain and under the preload,
 * side by side, `rounds` processes each. Each process serves a few hundred
 * requests, then idles; its memory is read from inside after full
 * collections, once when it has settled (`settleMs` after the last request)
 * and once when V8's memory reducer has had its turn (`idleMs`).
 */
import { type ChildProcess, fork } from 'node:child_process';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { median, round } from '../support/measure.js';
import type { IdleMemory } from './idleApp.js';

/** How the row runs. */
export interface IdleRssOptions {
  /** Processes per variant (plain and ours run at the same time, one pair per round). */
  readonly rounds: number;
  /** Requests each app serves before it idles. */
  readonly requests: number;
  /** Milliseconds after the last request for the first reading. */
  readonly settleMs: number;
  /** Milliseconds after the last request for the second reading. */
  readonly idleMs: number;
}

/** The full row: three processes per variant, 5 s and 20 s of idle. */
export const DEFAULT_IDLE_RSS_OPTIONS: IdleRssOptions = {
  rounds: 3,
  requests: 300,
  settleMs: 5_000,
  idleMs: 20_000,
};

/** The variants: the app alone, and the app under `--import golden-signals/register`. */
const VARIANTS = {
  plain: [] as string[],
  ours: ['--import', fileURLToPath(new URL('../../instrumentation.js', import.meta.url))],
} as const;

type Variant = keyof typeof VARIANTS;

/** Median and range of one figure over the processes, in MB (10^6 bytes). */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** One reading of both variants: each figure's spread, and ours over plain paired by round. */
export interface IdleReading {
  readonly plain: Record<keyof IdleMemory, Spread>;
  readonly ours: Record<keyof IdleMemory, Spread>;
  /** Ours minus plain of the same round, per figure. */
  readonly over_plain: Record<keyof IdleMemory, Spread>;
}

/** What the row writes under `idle_memory` in bench/results.json. */
export interface IdleRssResult {
  readonly app: string;
  readonly processes_per_variant: number;
  readonly requests: number;
  readonly unit: 'MB';
  /** Read `settleMs` after the last request. */
  readonly settled: IdleReading & { readonly after_ms: number };
  /** Read `idleMs` after the last request. */
  readonly idle: IdleReading & { readonly after_ms: number };
}

function spread(values: readonly number[], scale: number): Spread {
  return {
    median: round(median(values) / scale, 1),
    min: round(Math.min(...values) / scale, 1),
    max: round(Math.max(...values) / scale, 1),
  };
}

/** Answers the next IPC message of `child`. */
function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`idle app exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      resolve(m as T);
    });
  });
}

/** `count` requests, one at a time, over one keep-alive connection. */
async function serveRequests(port: number, count: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const ask = (method: string, path: string, body?: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  for (let i = 0; i < count; i++) {
    await (i % 10 === 9
      ? ask('POST', '/items', JSON.stringify({ name: `item ${i}` }))
      : ask('GET', `/items/${i}`));
  }
  agent.destroy();
}

/** One process of `variant`: its two readings. */
async function oneProcess(
  variant: Variant,
  options: IdleRssOptions,
): Promise<[IdleMemory, IdleMemory]> {
  const app = fileURLToPath(new URL('./idleApp.js', import.meta.url));
  const child = fork(app, [], {
    execArgv: [...VARIANTS[variant]],
    env: { ...process.env, GOLDEN_SIGNALS_PORT: '0' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    const { port } = await nextMessage<{ port: number }>(child);
    await serveRequests(port, options.requests);
    const served = performance.now();
    await sleep(options.settleMs);
    child.send('measure');
    const settled = await nextMessage<IdleMemory>(child);
    await sleep(Math.max(0, options.idleMs - (performance.now() - served)));
    child.send('measure');
    const idle = await nextMessage<IdleMemory>(child);
    return [settled, idle];
  } finally {
    child.kill();
  }
}

function readingOf(plain: readonly IdleMemory[], ours: readonly IdleMemory[]): IdleReading {
  const keys = Object.keys(plain[0] as IdleMemory) as (keyof IdleMemory)[];
  const per = (rows: readonly IdleMemory[], scale: (k: keyof IdleMemory) => number) =>
    Object.fromEntries(
      keys.map((k) => [
        k,
        spread(
          rows.map((r) => r[k]),
          scale(k),
        ),
      ]),
    ) as Record<keyof IdleMemory, Spread>;
  const scale = (k: keyof IdleMemory) => (k === 'threads' ? 1 : 1e6);
  const over = plain.map((p, i) => {
    const o = ours[i] as IdleMemory;
    return Object.fromEntries(keys.map((k) => [k, o[k] - p[k]])) as unknown as IdleMemory;
  });
  return { plain: per(plain, scale), ours: per(ours, scale), over_plain: per(over, scale) };
}

/** Runs the row: `rounds` pairs, plain and ours side by side in each. */
export async function runIdleRss(
  options: IdleRssOptions,
  log: (line: string) => void,
): Promise<IdleRssResult> {
  const readings: Record<Variant, [IdleMemory, IdleMemory][]> = { plain: [], ours: [] };
  for (let r = 0; r < options.rounds; r++) {
    // Side by side, so both see the same machine; which starts first alternates.
    const order: Variant[] = r % 2 === 0 ? ['plain', 'ours'] : ['ours', 'plain'];
    const pair = await Promise.all(order.map((v) => oneProcess(v, options)));
    order.forEach((v, i) => {
      readings[v].push(pair[i] as [IdleMemory, IdleMemory]);
    });
    const rss = (v: Variant) => round((readings[v].at(-1)?.[1].rss ?? Number.NaN) / 1e6, 1);
    log(`  round ${r + 1}: idle RSS plain ${rss('plain')} MB, ours ${rss('ours')} MB`);
  }
  const at = (i: 0 | 1) =>
    readingOf(
      readings.plain.map((r) => r[i]),
      readings.ours.map((r) => r[i]),
    );
  return {
    app: 'Express 5, two routes (bench/memory/idleApp.ts)',
    processes_per_variant: options.rounds,
    requests: options.requests,
    unit: 'MB',
    settled: { after_ms: options.settleMs, ...at(0) },
    idle: { after_ms: options.idleMs, ...at(1) },
  };
}
