import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExpressDashboardMiddleware } from './adapters/express.js';
import type { FastifyDashboardPlugin } from './adapters/fastify.js';
import type { KoaDashboardMiddleware } from './adapters/koa.js';
import type { Config } from './config.js';
import type { DashboardMountOptions } from './dashboard/dashboardPaths.js';
import type { InternalErrorCounts } from './guard/InternalErrors.js';
import type { RequestStore } from './store/RequestStore.js';
import type { Telemetry } from './telemetry/Telemetry.js';

/** A node:http handler: answers and returns true for the dashboard's paths, false (untouched) for others. */
export type DashboardRequestHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * The handle {@link startGoldenSignals} returns: the running pipeline, the
 * store it feeds, the dashboard for every framework, and `shutdown()`.
 */
export interface GoldenSignals {
  /** The configuration in effect (environment and options merged), frozen. */
  readonly config: Config;
  /**
   * What the `register` preload found wrong in the environment, one message
   * per variable whose default it took instead (also on stderr and in
   * `/dashboard/overview` as `config_problems`). Empty when started in code,
   * where a bad value throws instead.
   */
  readonly configProblems: readonly string[];
  /**
   * Why the dashboard may count less than the app serves, each said once on
   * stderr at start and in `/dashboard/overview` as `warnings` (another
   * OpenTelemetry SDK registered the globals first). Empty when all is well.
   */
  readonly warnings: readonly string[];
  /** The in-memory store, or undefined when `OTEL_TRACES_EXPORTER` has no `memory`. */
  readonly store: RequestStore | undefined;
  /** The span pipeline's own figures (in flight, drops, OTLP) and the Prometheus handler. */
  readonly telemetry: Telemetry;
  /**
   * The URL of the dashboard's own port once it listens (`http://127.0.0.1:9469/dashboard`);
   * undefined without one, or when it could not listen (the reason was logged).
   */
  readonly dashboardUrl: Promise<string | undefined>;
  /**
   * Failures caught in golden-signals' own code running on the app's time
   * (timers, span hooks, listeners, snapshot writes, shutdown steps), by
   * site: each one was counted and logged once, never thrown into the app.
   */
  readonly internalErrors: InternalErrorCounts;
  /** For plain node:http: `if (dash(req, res)) return;` at the top of your request listener. */
  handler(options?: DashboardMountOptions): DashboardRequestHandler;
  /** For Koa: `app.use(gs.koa())`, before your routers. */
  koa(options?: DashboardMountOptions): KoaDashboardMiddleware;
  /** For Express 4 and 5: `app.use(gs.express())`, before your routes. */
  express(options?: DashboardMountOptions): ExpressDashboardMiddleware;
  /** For Fastify 5: `await fastify.register(gs.fastify, { prefix: '/dashboard' })`. */
  readonly fastify: FastifyDashboardPlugin;
  /**
   * Drains and closes the own port, flushes and stops every processor and
   * exporter, writes the last snapshot, and leaves the OpenTelemetry globals
   * unset, all within `timeoutMs` (`GOLDEN_SIGNALS_SHUTDOWN_TIMEOUT_MS` by
   * default): past it, the snapshot is written without waiting any longer.
   * A second call returns the first call's promise.
   */
  shutdown(options?: ShutdownOptions): Promise<void>;
}

/** How long {@link GoldenSignals.shutdown} may take. */
export interface ShutdownOptions {
  /** The deadline, in milliseconds from the call; `GOLDEN_SIGNALS_SHUTDOWN_TIMEOUT_MS` (10 s) by default. */
  readonly timeoutMs?: number;
}
