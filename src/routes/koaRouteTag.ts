import { InternalErrors } from '../guard/InternalErrors.js';
import { hookKoaMatch } from './hookKoaMatch.js';
import { koaRoute } from './koaRoute.js';
import type { RouteHookGuard } from './RouteHookGuard.js';
import { setRoute } from './setRoute.js';

/**
 * Koa middleware that names the matched route template (`/users/:id`) on
 * the server span, exactly as the zero-code Koa hook does: as soon as
 * @koa/router matches (see {@link hookKoaMatch}), so a request still running
 * shows its route in flight, and again when the request is done. Needed
 * only where that hook cannot reach Koa: an app bundled into one file, or
 * Koa loaded before golden-signals started (an in-process test). Put it
 * first. A plain function over `next()`'s promise, not an async one: one
 * promise step per request rather than an async frame and its promise.
 * `guard` counts a failure of its own work (a console one when none).
 */
export function koaRouteTag(
  guard: RouteHookGuard = InternalErrors.toConsole(),
): (ctx: unknown, next: () => Promise<unknown>) => Promise<void> {
  // The app's context prototype, hooked on the first request (one per app).
  let hooked: unknown;
  return (ctx, next) => {
    const context: unknown = Object.getPrototypeOf(ctx);
    if (context !== hooked && typeof context === 'object' && context !== null) {
      hooked = context;
      hookKoaMatch(context, guard);
    }
    return next().then(
      () => tag(ctx),
      (err: unknown) => {
        tag(ctx);
        throw err;
      },
    );
  };
}

function tag(ctx: unknown): void {
  const route = koaRoute(ctx);
  if (route !== undefined) setRoute(route);
}
