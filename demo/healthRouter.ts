import Router from '@koa/router';

/** What readiness reports besides its status. */
export interface HealthOptions {
  readonly uptimeSeconds: () => number;
  readonly activeRequests: () => number;
  /** Why the dashboard may count less than the app serves (the handle's `warnings`); none by default. */
  readonly warnings?: () => readonly string[];
}

/** `GET /health` (liveness) and `GET /health/ready` (readiness); neither is traced. */
export function healthRouter(options: HealthOptions): Router {
  const router = new Router({ sensitive: true });
  router.get('/health', (ctx) => {
    const warnings = options.warnings?.() ?? [];
    ctx.body = warnings.length === 0 ? { status: 'healthy' } : { status: 'healthy', warnings };
  });
  router.get('/health/ready', (ctx) => {
    ctx.body = {
      status: 'ready',
      uptime_seconds: options.uptimeSeconds(),
      active_requests: options.activeRequests(),
      warnings: [...(options.warnings?.() ?? [])],
    };
  });
  return router;
}
