import Router from '@koa/router';

/** What readiness reports besides its status. */
export interface HealthOptions {
  readonly uptimeSeconds: () => number;
  readonly activeRequests: () => number;
}

/** `GET /health` (liveness) and `GET /health/ready` (readiness); neither is traced. */
export function healthRouter(options: HealthOptions): Router {
  const router = new Router({ sensitive: true });
  router.get('/health', (ctx) => {
    ctx.body = { status: 'healthy' };
  });
  router.get('/health/ready', (ctx) => {
    ctx.body = {
      status: 'ready',
      uptime_seconds: options.uptimeSeconds(),
      active_requests: options.activeRequests(),
    };
  });
  return router;
}
