import type { IncomingMessage, ServerResponse } from 'node:http';
import Router from '@koa/router';
import { ServiceUnavailableError } from '../http/httpErrors.js';

/** Writes the Prometheus text exposition of the current metrics to a Node response. */
export type MetricsHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** What `GET /metrics` serves. */
export interface MetricsOptions {
  /** The Prometheus exporter's handler; undefined when `prometheus` is not configured: 503. */
  readonly handler: MetricsHandler | undefined;
  /** The configured metric exporters, for the 503 message. */
  readonly metricsExporters: readonly string[];
}

/**
 * `GET /metrics` on the app's own port: hands the raw request to the
 * Prometheus exporter's handler, which collects and writes the response
 * itself, so Koa must not respond. Not traced (see isExcludedPath).
 */
export function metricsRouter(options: MetricsOptions): Router {
  const router = new Router({ sensitive: true });
  router.get('/metrics', (ctx) => {
    const { handler } = options;
    if (handler === undefined) {
      throw new ServiceUnavailableError(
        `Prometheus exporter disabled (OTEL_METRICS_EXPORTER=${options.metricsExporters.join(',')})`,
      );
    }
    // A status marks the request as answered for the 404/405 middleware.
    ctx.status = 200;
    ctx.respond = false;
    handler(ctx.req, ctx.res);
  });
  return router;
}
