import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the Koa adapter touches of a Koa context. */
export interface KoaContextLike {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  respond?: boolean;
  status: number;
}

/** A Koa middleware, typed structurally so that Koa itself stays an optional peer. */
export type KoaDashboardMiddleware = (
  ctx: KoaContextLike,
  next: () => Promise<unknown>,
) => Promise<unknown>;

/**
 * Koa over the framework-agnostic handler: answers the dashboard's paths
 * with Node's own request and response (so Koa must not respond), and hands
 * every other request to the next middleware.
 */
export function koaAdapter(
  serve: (req: IncomingMessage, res: ServerResponse) => boolean,
): KoaDashboardMiddleware {
  return async (ctx, next) => {
    if (!serve(ctx.req, ctx.res)) return next();
    ctx.respond = false;
    // Marks the request as answered for middleware that turns a bare 404 into an error.
    if (!ctx.res.headersSent) ctx.status = 200;
    return undefined;
  };
}
