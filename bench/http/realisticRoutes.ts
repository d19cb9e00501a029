/**
 * The realistic routes of the Koa bench server: handlers that do about 1 ms
 * of work, so the monitoring's fixed µs per request can be read as a share
 * of a request's time, which is what most users will feel (the trivial
 * route's ratio is the worst case, a handler that does nothing).
 *
 * Two, because handlers differ in what their millisecond is:
 * - `io_1ms` awaits 1 ms, a stand-in for the database or downstream call
 *   most API handlers spend their time waiting on; the server's CPU per
 *   request stays small, and the client's latency shows the overhead.
 * - `cpu_1ms` spends about 1 ms of CPU on this machine serializing and
 *   parsing a 500-item JSON document, the work of a handler that renders or
 *   transforms data; its CPU per request is its latency, so the overhead
 *   shows as a share of both.
 *
 * Both are loaded at a fixed rate (pacedLoad.ts) well below saturation, so
 * the latency is service time, not queueing.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** A realistic route's key in bench/results.json. */
export type RealisticRouteKey = 'io_1ms' | 'cpu_1ms';

/** How one realistic route is served and loaded. */
export interface RealisticRoute {
  readonly key: RealisticRouteKey;
  readonly label: string;
  /** The route template the Koa bench server mounts. */
  readonly template: string;
  /** What the load requests. */
  readonly path: string;
  /** Requests per second of the paced load: a fraction of a core even for the slowest variant. */
  readonly rate: number;
}

/** The realistic routes, in the order they are measured. */
export const REALISTIC_ROUTES: readonly RealisticRoute[] = [
  {
    key: 'io_1ms',
    label: 'awaits 1 ms (a stand-in for a database call)',
    template: '/wait/:id',
    path: '/wait/42',
    rate: 1000,
  },
  {
    key: 'cpu_1ms',
    label: 'about 1 ms of CPU (JSON round trip of 500 items)',
    template: '/work/:id',
    path: '/work/42',
    rate: 300,
  },
];

/** Items of the document `cpuWork` serializes and parses: about 1 ms on the bench machine. */
export const CPU_WORK_ITEMS = 500;

/** A fixed document, built once per process (only its serialization is per request). */
export function cpuWorkDocument(): object[] {
  return Array.from({ length: CPU_WORK_ITEMS }, (_, i) => ({
    id: i,
    name: `item ${i}`,
    tags: ['alpha', 'beta', 'gamma'],
    price: i * 1.25,
    active: i % 3 === 0,
  }));
}

/** The `cpu_1ms` handler's work: a JSON round trip of `doc`; returns a checksum so it cannot be skipped. */
export function cpuWork(doc: readonly object[]): number {
  const text = JSON.stringify(doc);
  return (JSON.parse(text) as unknown[]).length + text.length;
}

/** The `io_1ms` handler's wait. */
export function ioWork(): Promise<void> {
  return sleep(1);
}
