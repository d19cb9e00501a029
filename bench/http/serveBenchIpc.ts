/**
 * The IPC side of a benchmark server (benchServer.ts, expressServer.ts,
 * fastifyServer.ts): once listening it sends its port to the parent, then
 * answers every message with its CPU time and request counts, and exits
 * when the parent disconnects. Nothing here runs on the request path except
 * one counter increment, the same for every variant.
 *
 * With `BENCH_DIAGNOSE=1` in its environment (bench/http/pacedRun.ts
 * --diagnose) it also answers where its CPU went: user and system time,
 * context switches, garbage-collection pauses and event-loop wake-ups.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PerformanceObserver } from 'node:perf_hooks';
import { getGoldenSignals } from '../../src/index.js';

/** Where a server's CPU went, cumulative since it started (`BENCH_DIAGNOSE=1` only). */
export interface ServerDiagnostics {
  readonly userMicros: number;
  readonly systemMicros: number;
  readonly voluntarySwitches: number;
  readonly involuntarySwitches: number;
  /** Garbage collections observed, and their pause time. */
  readonly gcCount: number;
  readonly gcMicros: number;
  /** Event-loop time spent running (not idle in epoll), from eventLoopUtilization. */
  readonly loopActiveMicros: number;
}

/** What a benchmark server answers on its IPC channel. */
export interface ServerStats {
  readonly cpuMicros: number;
  /** Requests the server received. */
  readonly received: number;
  /** Requests the dashboard store recorded; -1 without one. */
  readonly recorded: number;
  readonly diagnostics?: ServerDiagnostics;
}

/** What the dashboard store recorded, or -1 without golden-signals. */
function recordedByDashboard(): number {
  try {
    return getGoldenSignals().store?.totalRecorded ?? -1;
  } catch {
    return -1;
  }
}

/** A reader of the server's diagnostics, its GC observer started now. */
function diagnosticsReader(): () => ServerDiagnostics {
  const gc = { count: 0, micros: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.count++;
      gc.micros += e.duration * 1000;
    }
  }).observe({ entryTypes: ['gc'] });
  return () => {
    const usage = process.resourceUsage();
    return {
      userMicros: usage.userCPUTime,
      systemMicros: usage.systemCPUTime,
      voluntarySwitches: usage.voluntaryContextSwitches,
      involuntarySwitches: usage.involuntaryContextSwitches,
      gcCount: gc.count,
      gcMicros: Math.round(gc.micros),
      loopActiveMicros: Math.round(performance.eventLoopUtilization().active * 1000),
    };
  };
}

/** Counts `server`'s requests and serves its stats over IPC; call it once `server` listens. */
export function serveBenchIpc(server: Server): void {
  let received = 0;
  server.on('request', () => {
    received++;
  });
  const diagnostics = process.env.BENCH_DIAGNOSE === '1' ? diagnosticsReader() : undefined;
  process.send?.({ port: (server.address() as AddressInfo).port });
  process.on('message', () => {
    const { user, system } = process.cpuUsage();
    const stats: ServerStats = {
      cpuMicros: user + system,
      received,
      recorded: recordedByDashboard(),
      ...(diagnostics === undefined ? {} : { diagnostics: diagnostics() }),
    };
    process.send?.(stats);
  });
  process.on('disconnect', () => process.exit(0));
}
