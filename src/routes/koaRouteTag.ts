import { koaRoute } from '../routes/koaRoute.js';
import { setRoute } from '../routes/setRoute.js';

/**
 * Koa middleware that names the matched route template (`/users/:id`) on
 * the server span, exactly as the zero-code Koa hook does. Needed only where
 * that hook cannot reach Koa: an app bundled into one file, or Koa loaded
 * before golden-signals started (an in-process test). Put it first. A plain
 * function over `next()`'s promise, not an async one: one promise step per
 * request rather than an async frame and its promise.
 */
export function koaRouteTag(): (ctx: unknown, next: () => Promise<unknown>) => Promise<void> {
  return (ctx, next) =>
    next().then(
      () => tag(ctx),
      (err: unknown) => {
        tag(ctx);
        throw err;
      },
    );
}

function tag(ctx: unknown): void {
  const route = koaRoute(ctx);
  if (route !== undefined) setRoute(route);
}
