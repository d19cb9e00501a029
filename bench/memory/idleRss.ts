/**
 * The idle memory row (issue 26: idle RSS over the app alone ≤ +25 MB): the
 * same small Express app (idleApp.ts) started plain and under the preload,
 * and under the preload in a folder that has Koa installed too (where the
 * ESM loader thread is registered), side by side, `rounds` processes each. Each process serves a few hundred
 * requests, then idles; its memory is read from inside after full
 * collections, once when it has settled (`settleMs` after the last request)
 * and once when V8's memory reducer has had its turn (`idleMs`).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
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
  /** Another build's preload (its instrumentation.js), run as a third variant, `baseline`: before and after a change in one run. */
  readonly baselinePreload?: string | undefined;
}

/** The full row: three processes per variant, 5 s and 20 s of idle. */
export const DEFAULT_IDLE_RSS_OPTIONS: IdleRssOptions = {
  rounds: 3,
  requests: 300,
  settleMs: 5_000,
  idleMs: 20_000,
};

/** The variants: the app alone, and the app under `--import golden-signals/register`. */
const OURS = fileURLToPath(new URL('../../instrumentation.js', import.meta.url));

/**
 * The app alone; under our preload; under it with Koa installed beside
 * Express (so the ESM loader thread is registered, as in any app that has
 * Koa, NestJS or Hono); under another build's preload.
 */
type Variant = 'plain' | 'ours' | 'ours_esm_hooks' | 'baseline';

/** The node options of `variant`. */
function execArgvOf(variant: Variant, options: IdleRssOptions): string[] {
  if (variant === 'plain') return [];
  return ['--import', variant === 'baseline' ? (options.baselinePreload as string) : OURS];
}

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
  /** Ours in an app that has Koa installed too: the ESM loader thread is registered. */
  readonly ours_esm_hooks: Record<keyof IdleMemory, Spread>;
  readonly ours_esm_hooks_over_plain: Record<keyof IdleMemory, Spread>;
  /** With a baseline preload: its figures, and its over plain. */
  readonly baseline?: Record<keyof IdleMemory, Spread>;
  readonly baseline_over_plain?: Record<keyof IdleMemory, Spread>;
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

/**
 * The app as a user has it: its script in a folder of its own whose
 * node_modules holds Express only (a link to this checkout's copy), so the
 * preload sees the packages such an app has, not every framework this
 * repository tests with. Returns the script's path.
 */
function appFolder(dir: string, packages: readonly string[]): string {
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  const script = path.join(dir, 'idleApp.mjs');
  copyFileSync(fileURLToPath(new URL('./idleApp.js', import.meta.url)), script);
  for (const name of packages) {
    const installed = path.dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
    symlinkSync(installed, path.join(dir, 'node_modules', name), 'dir');
  }
  return script;
}

/** One process of `variant` running `app`: its two readings. */
async function oneProcess(
  variant: Variant,
  app: string,
  options: IdleRssOptions,
): Promise<[IdleMemory, IdleMemory]> {
  const child = fork(app, [], {
    execArgv: execArgvOf(variant, options),
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

const KEYS: readonly (keyof IdleMemory)[] = [
  'rss',
  'rss_anon',
  'rss_file',
  'heap_total',
  'heap_used',
  'external',
  'array_buffers',
  'code',
  'bytecode',
  'threads',
];

/** Each figure's spread over `rows` (threads as a count, the rest in MB). */
function spreads(rows: readonly IdleMemory[]): Record<keyof IdleMemory, Spread> {
  return Object.fromEntries(
    KEYS.map((k) => [
      k,
      spread(
        rows.map((r) => r[k]),
        k === 'threads' ? 1 : 1e6,
      ),
    ]),
  ) as Record<keyof IdleMemory, Spread>;
}

/** `rows` minus plain's of the same round, figure by figure. */
function overPlain(rows: readonly IdleMemory[], plain: readonly IdleMemory[]): IdleMemory[] {
  return rows.map((row, i) => {
    const p = plain[i] as IdleMemory;
    return Object.fromEntries(KEYS.map((k) => [k, row[k] - p[k]])) as unknown as IdleMemory;
  });
}

function readingOf(readings: Readings, i: 0 | 1): IdleReading {
  const of = (v: Variant) => readings[v].map((r) => r[i]);
  const plain = of('plain');
  const baseline = of('baseline');
  return {
    plain: spreads(plain),
    ours: spreads(of('ours')),
    over_plain: spreads(overPlain(of('ours'), plain)),
    ours_esm_hooks: spreads(of('ours_esm_hooks')),
    ours_esm_hooks_over_plain: spreads(overPlain(of('ours_esm_hooks'), plain)),
    ...(baseline.length === 0
      ? {}
      : {
          baseline: spreads(baseline),
          baseline_over_plain: spreads(overPlain(baseline, plain)),
        }),
  };
}

type Readings = Record<Variant, [IdleMemory, IdleMemory][]>;

/** The rounds of the row into `readings`: in each, plain and ours side by side. */
async function rounds(
  apps: { readonly expressOnly: string; readonly withKoa: string },
  options: IdleRssOptions,
  readings: Readings,
  log: (line: string) => void,
): Promise<void> {
  for (let r = 0; r < options.rounds; r++) {
    // Side by side, so both see the same machine; which starts first alternates.
    const variants: Variant[] = ['plain', 'ours', 'ours_esm_hooks'];
    if (options.baselinePreload !== undefined) variants.push('baseline');
    const order = r % 2 === 0 ? variants : variants.toReversed();
    const pair = await Promise.all(
      order.map((v) =>
        oneProcess(v, v === 'ours_esm_hooks' ? apps.withKoa : apps.expressOnly, options),
      ),
    );
    order.forEach((v, i) => {
      readings[v].push(pair[i] as [IdleMemory, IdleMemory]);
    });
    const rss = (v: Variant) => round((readings[v].at(-1)?.[1].rss ?? Number.NaN) / 1e6, 1);
    log(`  round ${r + 1}: idle RSS ${order.map((v) => `${v} ${rss(v)} MB`).join(', ')}`);
  }
}

/** Runs the row: `rounds` pairs, plain and ours side by side in each. */
export async function runIdleRss(
  options: IdleRssOptions,
  log: (line: string) => void,
): Promise<IdleRssResult> {
  const readings: Readings = { plain: [], ours: [], ours_esm_hooks: [], baseline: [] };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'golden-signals-idle-'));
  try {
    const apps = {
      expressOnly: appFolder(path.join(dir, 'express'), ['express']),
      withKoa: appFolder(path.join(dir, 'express-and-koa'), ['express', 'koa']),
    };
    await rounds(apps, options, readings, log);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    app: 'Express 5, two routes, in a folder of its own with Express only (Koa installed: Express and Koa) (bench/memory/idleApp.ts)',
    processes_per_variant: options.rounds,
    requests: options.requests,
    unit: 'MB',
    settled: { after_ms: options.settleMs, ...readingOf(readings, 0) },
    idle: { after_ms: options.idleMs, ...readingOf(readings, 1) },
  };
}
