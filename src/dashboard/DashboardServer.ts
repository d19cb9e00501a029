import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { InternalErrors } from '../guard/InternalErrors.js';
import { closeGracefully } from '../http/closeGracefully.js';
import {
  type ConnectionLimits,
  createHttpServer,
  type ServerTimeouts,
} from '../http/createHttpServer.js';
import type { Dashboard } from './Dashboard.js';
import { type DashboardPaths, dashboardPaths, pathnameOf } from './dashboardPaths.js';

/**
 * The own port's paths: the original design's `/dashboard…`, and `/metrics`
 * at the root as a scrape target. The OTLP receiver answers at `/v1/traces`,
 * where stock exporters post with `OTEL_EXPORTER_OTLP_ENDPOINT` set to this port.
 */
export const OWN_PORT_PATHS: DashboardPaths = dashboardPaths({
  prefix: '/dashboard',
  metricsPath: '/metrics',
});

/** Where the dashboard's own server listens. */
export interface DashboardServerOptions {
  readonly port: number;
  readonly host: string;
  readonly timeouts: ServerTimeouts;
  /** The first-byte timeout and the cap on open connections. */
  readonly limits: ConnectionLimits;
  readonly log: { info(message: string): void; warn(message: string): void };
  /** Counts a request that threw and a server error after listening; a guard of its own when none is given. */
  readonly guard?: InternalErrors | undefined;
}

/**
 * The dashboard on a port of its own (zero-code mode): `/dashboard`, its
 * JSON API and assets, `/metrics`, and the OTLP receiver at `/v1/traces`; `/` redirects to the page; anything
 * else is a JSON 404. It never keeps the process alive by itself, and a port
 * that cannot be had is a warning, never a crash of the app it watches.
 */
export class DashboardServer {
  readonly server: http.Server;
  /** Resolves with the page's URL once listening, or undefined when it could not listen. */
  readonly url: Promise<string | undefined>;
  private closing: Promise<boolean> | undefined;
  private refused = 0;
  private nextWarningAt = 1;

  constructor(dashboard: Dashboard, options: DashboardServerOptions) {
    const guard = options.guard ?? new InternalErrors(options.log);
    const answer = (req: http.IncomingMessage, res: http.ServerResponse): void => {
      const pathname = pathnameOf(req.url);
      if (dashboard.serveIngest(req, res, pathname)) return;
      if (dashboard.serve(req, res, OWN_PORT_PATHS)) return;
      const root = pathnameOf(req.url) === '/';
      const text = JSON.stringify({ error: root ? 'See /dashboard' : 'Not found' });
      res.statusCode = root ? 302 : 404;
      if (root) res.setHeader('Location', OWN_PORT_PATHS.prefix);
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.end(text);
    };
    this.server = createHttpServer(
      (req, res) => {
        try {
          answer(req, res);
        } catch (err) {
          guard.record('dashboard.request', err);
          res.destroy();
        }
      },
      options.timeouts,
      options.limits,
      guard,
    );
    this.server.on('drop', () => {
      this.refused++;
      // Logged at the 1st, 10th, 100th…: a flood of connections is not a flood of lines.
      if (this.refused < this.nextWarningAt) return;
      this.nextWarningAt *= 10;
      options.log.warn(
        `dashboard port at its limit of ${options.limits.maxConnections} connections (GOLDEN_SIGNALS_MAX_CONNECTIONS): ${this.refused} refused so far`,
      );
    });
    this.url = new Promise((resolve) => {
      const notListening = (err: NodeJS.ErrnoException): void => {
        options.log.warn(
          `dashboard cannot listen on ${options.host}:${options.port} (${err.code ?? err.message}); set GOLDEN_SIGNALS_PORT to a free port, or to off`,
        );
        resolve(undefined);
      };
      this.server.once('error', notListening);
      this.server.listen(options.port, options.host, () => {
        // Once listening, an error (EMFILE on accept, when the app is out of
        // descriptors) must not reach the app as an unhandled 'error' event.
        this.server.off('error', notListening);
        this.server.on('error', (err) => guard.record('dashboard.server', err));
        const { address, port } = this.server.address() as AddressInfo;
        const host = address.includes(':') ? `[${address}]` : address;
        const url = `http://${host}:${port}${OWN_PORT_PATHS.prefix}`;
        options.log.info(`dashboard on ${url}`);
        resolve(url);
      });
    });
    this.server.unref();
  }

  /** True for a request that arrived on this server (never traced). */
  owns(req: http.IncomingMessage): boolean {
    return (req.socket as { server?: unknown }).server === this.server;
  }

  /** Connections closed at once because the port held its limit. */
  get refusedConnections(): number {
    return this.refused;
  }

  /**
   * Stops listening and drains its connections: requests in flight (an OTLP
   * body being recorded) are answered with `Connection: close`; past
   * `timeoutMs` the rest are cut. True if all closed in time. Safe to call twice.
   */
  close(timeoutMs: number): Promise<boolean> {
    this.closing ??= this.server.listening
      ? closeGracefully(this.server, timeoutMs)
      : Promise.resolve(true);
    return this.closing;
  }
}
