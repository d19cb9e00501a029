/**
 * Marks a framework's own catch-all handler (NestJS registers its 404 as an
 * Express route, `router.all('*path')` under the global prefix): a route
 * whose every handler is marked names no template, so its requests count
 * as `unmatched`. A symbol from the global registry, so the mark holds across
 * two copies of this package.
 */
const NOT_FOUND_HANDLER = Symbol.for('golden-signals.not-found-handler');

/** Marks `handler` as a catch-all that answers unknown paths; returns it. */
export function markNotFoundHandler<T>(handler: T): T {
  if (typeof handler === 'function' && Object.isExtensible(handler))
    Object.defineProperty(handler, NOT_FOUND_HANDLER, { value: true });
  return handler;
}

/** True for a handler {@link markNotFoundHandler} marked. */
export function isNotFoundHandler(handler: unknown): boolean {
  return typeof handler === 'function' && NOT_FOUND_HANDLER in handler;
}
