import type { Middleware } from 'koa';
import { MethodNotAllowedError, NotFoundError } from './httpErrors.js';

/**
 * Turns a request nothing answered into a typed error, so it takes the one
 * error path: no route → 404; a route with another method (the router's
 * `allowedMethods` set 405 or 501 and an `Allow` header) → 405.
 */
export function unansweredToError(): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.body != null) return;
    if (ctx.status === 405 || ctx.status === 501) {
      const allow = ctx.response.get('Allow');
      throw new MethodNotAllowedError(allow === '' ? [] : allow.split(/,\s*/));
    }
    if (ctx.status === 404)
      throw new NotFoundError(`No route for ${ctx.method} ${ctx.path}`.slice(0, 200));
  };
}
