import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpServer, type ServerTimeouts } from '../http/createHttpServer.js';
import { type Dashboard, TRACES_PATH } from './Dashboard.js';
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
  readonly log: { info(message: string): void; warn(message: string): void };
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
  private closing: Promise<void> | undefined;

  constructor(dashboard: Dashboard, options: DashboardServerOptions) {
    this.server = createHttpServer((req, res) => {
      if (pathnameOf(req.url) === TRACES_PATH && dashboard.receiveTraces(req, res)) return;
      if (dashboard.serve(req, res, OWN_PORT_PATHS)) return;
      const root = pathnameOf(req.url) === '/';
      const text = JSON.stringify({ error: root ? 'See /dashboard' : 'Not found' });
      res.statusCode = root ? 302 : 404;
      if (root) res.setHeader('Location', OWN_PORT_PATHS.prefix);
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.end(text);
    }, options.timeouts);
    this.url = new Promise((resolve) => {
      this.server.once('error', (err: NodeJS.ErrnoException) => {
        options.log.warn(
          `dashboard cannot listen on ${options.host}:${options.port} (${err.code ?? err.message}); set GOLDEN_SIGNALS_PORT to a free port, or to off`,
        );
        resolve(undefined);
      });
      this.server.listen(options.port, options.host, () => {
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

  /** Stops listening and closes its connections; safe to call twice. */
  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }
}
