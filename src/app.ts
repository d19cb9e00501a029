import Koa from 'koa';
import { dashboardRouter } from './dashboard/dashboardRouter.js';
import { pageRouter } from './dashboard/pageRouter.js';
import type { OverviewContext } from './dashboard/queries/overviewQuery.js';
import { dashboardAuth } from './http/dashboardAuth.js';
import { errorHandler } from './http/errorHandler.js';
import { routeTag } from './http/routeTag.js';
import { unansweredToError } from './http/unansweredToError.js';
import { healthRouter } from './service/healthRouter.js';
import { type PredictOptions, predictRouter } from './service/predictRouter.js';
import { metricsRouter } from './telemetry/metricsRouter.js';
import type { Telemetry } from './telemetry/Telemetry.js';

/** Everything the app needs; `createApp` reaches for nothing else. */
export interface AppDependencies {
  readonly telemetry: Pick<
    Telemetry,
    | 'store'
    | 'activeRequests'
    | 'droppedSpans'
    | 'tracesExporters'
    | 'otlpSpans'
    | 'metricsHandler'
    | 'metricsExporters'
  >;
  /** Saturation figures for the overview. */
  readonly saturation: () => OverviewContext['saturation'];
  readonly predict: PredictOptions;
  /** Called with 5xx errors that were not thrown on purpose, for the server log. */
  readonly onUnexpectedError?: (err: unknown) => void;
  /** When set, `/dashboard*` and `/metrics` require this token. */
  readonly dashboardToken?: string | undefined;
  /** Clock for health's uptime; `Date.now` by default. */
  readonly now?: () => number;
}

/**
 * Builds the Koa app. Does not listen (see server.ts), so tests mount it on
 * an ephemeral port. Middleware order: the error path outermost, then the
 * dashboard's token check (when configured), then the route tag (it must
 * see the router's match after it ran), then 404 and 405, then the routes.
 */
export function createApp(deps: AppDependencies): Koa {
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const { telemetry } = deps;
  const health = healthRouter({
    uptimeSeconds: () => Math.floor((now() - startedAt) / 1000),
    activeRequests: () => telemetry.activeRequests(),
  });
  const dashboard = dashboardRouter({
    store: telemetry.store,
    tracesExporters: telemetry.tracesExporters,
    context: () => ({
      activeRequests: telemetry.activeRequests(),
      saturation: deps.saturation(),
      exporterDroppedSpans: telemetry.droppedSpans(),
      otlpSpans: telemetry.otlpSpans(),
    }),
  });
  const prometheus = metricsRouter({
    handler: telemetry.metricsHandler,
    metricsExporters: telemetry.metricsExporters,
  });
  const predict = predictRouter(deps.predict);
  const app = new Koa();
  app.use(errorHandler(deps.onUnexpectedError ?? (() => {})));
  if (deps.dashboardToken !== undefined) app.use(dashboardAuth(deps.dashboardToken));
  app.use(routeTag());
  app.use(unansweredToError());
  // Any router's allowedMethods sees the path matches of all of them (ctx.matched).
  app.use(predict.allowedMethods());
  app.use(health.routes());
  app.use(dashboard.routes());
  app.use(prometheus.routes());
  app.use(pageRouter().routes());
  app.use(predict.routes());
  return app;
}
