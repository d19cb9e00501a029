/**
 * The IPC side of a benchmark server (benchServer.ts, expressServer.ts,
 * fastifyServer.ts): once listening it sends its port to the parent, then
 * answers every message with its CPU time and request counts, and exits
 * when the parent disconnects. Nothing here runs on the request path except
 * one counter increment, the same for every variant.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getGoldenSignals } from '../../src/index.js';

/** What a benchmark server answers on its IPC channel. */
export interface ServerStats {
  readonly cpuMicros: number;
  /** Requests the server received. */
  readonly received: number;
  /** Requests the dashboard store recorded; -1 without one. */
  readonly recorded: number;
}

/** What the dashboard store recorded, or -1 without golden-signals. */
function recordedByDashboard(): number {
  try {
    return getGoldenSignals().store?.totalRecorded ?? -1;
  } catch {
    return -1;
  }
}

/** Counts `server`'s requests and serves its stats over IPC; call it once `server` listens. */
export function serveBenchIpc(server: Server): void {
  let received = 0;
  server.on('request', () => {
    received++;
  });
  process.send?.({ port: (server.address() as AddressInfo).port });
  process.on('message', () => {
    const { user, system } = process.cpuUsage();
    const stats: ServerStats = {
      cpuMicros: user + system,
      received,
      recorded: recordedByDashboard(),
    };
    process.send?.(stats);
  });
  process.on('disconnect', () => process.exit(0));
}
