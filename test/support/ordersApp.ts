import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { stopChild, waitFor } from './childService.js';

/** The Express app of issue 25: a router of orders under /api (see the fixture's header). */
export const ORDERS_APP = path.resolve('test', 'integration', 'fixtures', 'ordersApp.cjs');

/** The requests every suite sends it, and the template each should get. */
export const ORDERS_TRAFFIC: readonly {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The dashboard's endpoint: the full template, or `unmatched`. */
  readonly endpoint: string;
}[] = [
  { method: 'GET', path: '/api/orders/1', status: 200, endpoint: '/api/orders/:orderId' },
  { method: 'GET', path: '/api/orders/2', status: 200, endpoint: '/api/orders/:orderId' },
  { method: 'POST', path: '/api/orders', status: 201, endpoint: '/api/orders' },
  { method: 'GET', path: '/api/orders/3/fail', status: 500, endpoint: '/api/orders/:orderId/fail' },
  { method: 'GET', path: '/api/nope', status: 404, endpoint: 'unmatched' },
  { method: 'GET', path: '/status', status: 200, endpoint: '/status' },
];

/**
 * Where Express 4 is installed under its own name (`…/node_modules/express`),
 * as apps have it: instrumentation-express only knows the name `express`, so
 * the repository's `express4` alias would hide it. A copy under dist/, whose
 * dependencies resolve up to the repository's node_modules.
 */
export function express4Path(): string {
  const target = path.resolve('dist', 'test', 'express4-app', 'node_modules', 'express');
  if (!existsSync(target)) {
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(path.resolve('node_modules', 'express4'), target, { recursive: true });
  }
  return target;
}

/** The orders app running in a child process. */
export interface OrdersApp {
  readonly child: ChildProcess;
  /** The app's own origin. */
  readonly url: string;
  /** The dashboard's own port's origin, when it printed one. */
  readonly dashboardOrigin: string | undefined;
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
  stop(): Promise<number | null>;
}

/**
 * Starts the orders app (or another fixture app that prints `LISTENING <port>`) with `execArgv` (the preloads) and `env` over the
 * inherited environment less its `OTEL_*` and `GOLDEN_SIGNALS_*`; resolves
 * once it listens, and once the dashboard's own port does when `dashboard`.
 */
export async function startOrdersApp(
  execArgv: readonly string[],
  env: Readonly<Record<string, string>>,
  dashboard: boolean,
  file: string = ORDERS_APP,
): Promise<OrdersApp> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith('OTEL_') && !name.startsWith('GOLDEN_SIGNALS_'),
    ),
  );
  const child = fork(file, [], {
    execArgv: [...execArgv],
    env: { ...inherited, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const exited = once(child, 'exit') as Promise<[number | null]>;
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const ready = await waitFor(
    'the orders app to listen',
    async () => {
      if (child.exitCode !== null) throw new Error(`exited: ${out}`);
      const port = /LISTENING (\d+)/.exec(out)?.[1];
      const own = /dashboard on (http:\/\/[^/\s]+)/.exec(out)?.[1];
      if (port === undefined || (dashboard && own === undefined)) return undefined;
      return { port, own };
    },
    30_000,
  ).catch(async (err: unknown) => {
    await stopChild(child, exited, 1_000);
    throw err;
  });
  return {
    child,
    url: `http://127.0.0.1:${ready.port}`,
    dashboardOrigin: ready.own,
    output: () => out,
    stop: () => stopChild(child, exited, 5_000),
  };
}

/** Sends {@link ORDERS_TRAFFIC} once, in order, each answer read to the end. */
export async function sendOrdersTraffic(url: string): Promise<number[]> {
  const statuses: number[] = [];
  for (const r of ORDERS_TRAFFIC) {
    const res = await fetch(`${url}${r.path}`, { method: r.method });
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
}
