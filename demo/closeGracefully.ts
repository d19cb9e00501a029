import type http from 'node:http';

/** How often idle keep-alive connections are closed while the server drains. */
export const DRAIN_SWEEP_MS = 50;

/** Where a tracked server keeps its open responses: on the server itself. */
const OPEN_RESPONSES = Symbol('demo.openResponses');

type Tracked = http.Server & { [OPEN_RESPONSES]?: Set<http.ServerResponse> };

/**
 * Keeps the set of `server`'s responses not yet finished, so that a drain
 * can mark those whose headers are not sent yet `Connection: close`.
 */
export function trackResponses(server: http.Server): void {
  const open = new Set<http.ServerResponse>();
  (server as Tracked)[OPEN_RESPONSES] = open;
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    open.add(res);
    // 'close' comes after 'finish', and also when the client went away first.
    res.once('close', () => open.delete(res));
  });
}

/**
 * Stops `server` accepting and drains it: every response whose headers are
 * not sent yet says `Connection: close` (those under way, when the server
 * tracks them with {@link trackResponses}, and all that start from now on),
 * and idle keep-alive connections are closed every {@link DRAIN_SWEEP_MS}.
 * Node's `server.close()` alone never calls back while keep-alive clients
 * keep their connections busy. Past `timeoutMs`, the connections left are
 * cut. Resolves true once every connection closed in time, false if some
 * were cut; never rejects. Its timers keep the process alive until then.
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
    for (const res of (server as Tracked)[OPEN_RESPONSES] ?? []) markClose(undefined, res);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      server.off('request', markClose);
      resolve(inTime);
    });
    server.closeIdleConnections();
  });
}
