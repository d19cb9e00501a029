import { type GoldenSignals, koaRouteTag } from 'golden-signals';
import Koa from 'koa';
import { errorHandler } from './errorHandler.js';
import { healthRouter } from './healthRouter.js';
import { type PredictOptions, predictRouter } from './predictRouter.js';
import { unansweredToError } from './unansweredToError.js';

/** The demo's dashboard paths: the original design's `/dashboard…`, and `/metrics` at the root. */
export const DEMO_DASHBOARD_PATHS = { prefix: '/dashboard', metricsPath: '/metrics' } as const;

/** Everything the demo app needs; `createApp` reaches for nothing else. */
export interface AppDependencies {
  /** The running golden-signals: the dashboard is mounted from it, health reads its in-flight count. */
  readonly goldenSignals: Pick<GoldenSignals, 'koa' | 'telemetry'> &
    Partial<Pick<GoldenSignals, 'warnings'>>;
  readonly predict: PredictOptions;
  /** Called with 5xx errors that were not thrown on purpose, for the server log. */
  readonly onUnexpectedError?: (err: unknown) => void;
  /** Clock for health's uptime; `Date.now` by default. */
  readonly now?: () => number;
}

/**
 * Builds the demo's Koa app. Does not listen (see server.ts), so tests mount
 * it on an ephemeral port. Middleware order: the error path outermost, then
 * the dashboard (its own token check, JSON errors and paths), then the route
 * tag (before the routers: it names the route as they match it, and again
 * after they ran), then 404 and 405, then the routes.
 */
export function createApp(deps: AppDependencies): Koa {
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const { goldenSignals } = deps;
  const health = healthRouter({
    uptimeSeconds: () => Math.floor((now() - startedAt) / 1000),
    activeRequests: () => goldenSignals.telemetry.activeRequests(),
    warnings: () => goldenSignals.warnings ?? [],
  });
  const predict = predictRouter(deps.predict);
  const app = new Koa();
  app.use(errorHandler(deps.onUnexpectedError ?? (() => {})));
  app.use(goldenSignals.koa(DEMO_DASHBOARD_PATHS));
  // The zero-code Koa hook names routes too; this also covers a Koa loaded before golden-signals started (in-process tests).
  app.use(koaRouteTag());
  app.use(unansweredToError());
  // Any router's allowedMethods sees the path matches of all of them (ctx.matched).
  app.use(predict.allowedMethods());
  app.use(health.routes());
  app.use(predict.routes());
  return app;
}
