import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the Express adapter reads of a request: Express keeps the full URL in `originalUrl`. */
export interface ExpressRequestLike extends IncomingMessage {
  originalUrl?: string;
}

/** An Express 4/5 middleware, typed structurally so that Express itself stays an optional peer. */
export type ExpressDashboardMiddleware = (
  req: ExpressRequestLike,
  res: ServerResponse,
  next: (err?: unknown) => void,
) => void;

/**
 * Express over the framework-agnostic handler. It matches the request's
 * full URL (`originalUrl`), so it answers the same paths whether it is
 * mounted at the root (`app.use(gs.express())`) or under its own prefix
 * (`app.use('/ops', gs.express({ prefix: '/ops' }))`); other requests go on.
 */
export function expressAdapter(
  serve: (req: IncomingMessage, res: ServerResponse, url?: string) => boolean,
): ExpressDashboardMiddleware {
  return (req, res, next) => {
    if (!serve(req, res, req.originalUrl ?? req.url)) next();
  };
}
