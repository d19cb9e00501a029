import http from 'node:http';
import { listening, type RunningServer } from './listen.js';

/**
 * A real downstream HTTP service on node:http (127.0.0.1, listen(0)) for
 * the apps under test to call: `/ok/<n>` answers 200, `/fail/<n>` 500, and
 * `/hang` never answers (past any client timeout; its connection is dropped
 * at close). Counts what it received per path kind, so a test can check the
 * calls reached it.
 */
export class DownstreamService {
  /** Requests received, by the first path segment (`ok`, `fail`, `hang`, …). */
  readonly received = new Map<string, number>();
  private readonly hanging = new Set<http.ServerResponse>();

  private constructor(private readonly server: RunningServer) {}

  /** Starts it on an ephemeral loopback port. */
  static async start(): Promise<DownstreamService> {
    let service: DownstreamService | undefined;
    const server = http.createServer((req, res) => service?.answer(req, res));
    service = new DownstreamService(await listening(server));
    return service;
  }

  /** `http://127.0.0.1:PORT`. */
  get url(): string {
    return this.server.url;
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const kind = (req.url ?? '/').split('/')[1] ?? '';
    this.received.set(kind, (this.received.get(kind) ?? 0) + 1);
    req.resume();
    if (kind === 'hang') {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    const status = kind === 'fail' ? 500 : kind === 'ok' ? 200 : 404;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status }));
  }

  /** Closes the server and every connection, the hanging ones too. */
  close(): Promise<void> {
    return this.server.close();
  }
}
