import type http from 'node:http';
import { responsesInFlight } from './responsesInFlight.js';

/** How often idle keep-alive connections are closed while a server drains. */
export const DRAIN_SWEEP_MS = 50;

/**
 * Stops `server` accepting and drains it: every response whose headers are
 * not sent yet says `Connection: close` (those already under way, when the
 * server tracks them with `trackResponses`, and all that start from now on),
 * and idle keep-alive connections are closed every {@link DRAIN_SWEEP_MS}
 * (a response that had sent its headers finishes, then its connection is idle). Node's
 * `server.close()` alone never calls back while keep-alive clients keep
 * their connections busy. Past `timeoutMs`, the connections left are cut.
 * Resolves true once every connection closed in time, false if some were
 * cut; never rejects. Its timers keep the process alive until then, so a
 * shutdown in progress is not cut short by an empty event loop.
 */
export function closeGracefully(server: http.Server, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let inTime = true;
    const markClose = (_req: unknown, res: http.ServerResponse) => {
      if (!res.headersSent) res.setHeader('Connection', 'close');
    };
    const sweep = setInterval(() => server.closeIdleConnections(), DRAIN_SWEEP_MS);
    const deadline = setTimeout(
      () => {
        inTime = false;
        server.closeAllConnections();
      },
      Math.max(0, timeoutMs),
    );
    // First, so the mark is set before the app's handler can send its headers.
    server.prependListener('request', markClose);
    for (const res of responsesInFlight(server)) markClose(undefined, res);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      server.off('request', markClose);
      resolve(inTime);
    });
    server.closeIdleConnections();
  });
}
