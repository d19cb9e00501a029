import type http from 'node:http';

/** How often idle keep-alive connections are closed while a server drains. */
export const DRAIN_SWEEP_MS = 50;

/**
 * Stops `server` accepting and drains it: every response that starts from
 * now on says `Connection: close`, and idle keep-alive connections are
 * closed every {@link DRAIN_SWEEP_MS} (a response that was already under
 * way when the drain began finishes, then its connection is idle). Node's
 * `server.close()` alone never calls back while keep-alive clients keep
 * their connections busy. Past `timeoutMs`, the connections left are cut.
 * Resolves true once every connection closed in time, false if some were
 * cut; never rejects. Its timers keep the process alive until then, so a
 * shutdown in progress is not cut short by an empty event loop.
 */
export function closeGracefully(server: http.Server, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let inTime = true;
    const markClose = (_req: http.IncomingMessage, res: http.ServerResponse) => {
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
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      server.off('request', markClose);
      resolve(inTime);
    });
    server.closeIdleConnections();
  });
}
