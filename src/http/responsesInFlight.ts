import type http from 'node:http';

/** Where a tracked server keeps its open responses: on the server itself, not in this module. */
const OPEN_RESPONSES = Symbol('golden-signals.openResponses');

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

/** The responses of `server` not yet finished; empty unless {@link trackResponses} was called on it. */
export function responsesInFlight(server: http.Server): ReadonlySet<http.ServerResponse> {
  return (server as Tracked)[OPEN_RESPONSES] ?? new Set();
}
