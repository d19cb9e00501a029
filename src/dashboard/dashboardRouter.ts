import Router from '@koa/router';
import { ServiceUnavailableError } from '../http/httpErrors.js';
import type { RequestStore } from '../store/RequestStore.js';
import { parsePeriod } from './parsePeriod.js';
import { errorsQuery } from './queries/errorsQuery.js';
import { latencyQuery } from './queries/latencyQuery.js';
import { type OverviewContext, overviewQuery } from './queries/overviewQuery.js';
import { requestsQuery } from './queries/requestsQuery.js';

/** What the dashboard routes read. */
export interface DashboardOptions {
  /** Undefined when the in-memory exporter is off: every route answers 503. */
  readonly store: RequestStore | undefined;
  /** The configured trace exporters, for the 503 message. */
  readonly tracesExporters: readonly string[];
  /** Live figures that do not come from the store. */
  readonly context: () => OverviewContext;
}

/** `GET /dashboard/overview|requests|latency|errors`, drawn only from the store. */
export function dashboardRouter(options: DashboardOptions): Router {
  const router = new Router({ prefix: '/dashboard', sensitive: true });
  // The figures are live and may be sensitive: never cached, never sniffed as another type.
  router.use((ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Content-Type-Options', 'nosniff');
    return next();
  });
  const storeOr503 = (): RequestStore => {
    if (options.store !== undefined) return options.store;
    throw new ServiceUnavailableError(
      `in-memory exporter disabled (OTEL_TRACES_EXPORTER=${options.tracesExporters.join(',')})`,
    );
  };
  router.get('/overview', (ctx) => {
    ctx.body = overviewQuery(storeOr503(), options.context());
  });
  router.get('/requests', (ctx) => {
    const period = parsePeriod(ctx.query.period, '1h');
    ctx.body = requestsQuery(storeOr503(), period.text, period.ms);
  });
  router.get('/latency', (ctx) => {
    const period = parsePeriod(ctx.query.period, '1h');
    ctx.body = latencyQuery(storeOr503(), period.text, period.ms);
  });
  router.get('/errors', (ctx) => {
    const period = parsePeriod(ctx.query.period, '24h');
    ctx.body = errorsQuery(storeOr503(), period.text, period.ms);
  });
  return router;
}
