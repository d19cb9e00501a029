import type { RouteHookGuard } from './RouteHookGuard.js';
import { setRoute } from './setRoute.js';

/** Where the hooked `_matchedRoute` keeps, on each context, the value @koa/router wrote. */
const MATCHED_ROUTE = Symbol('golden-signals.koa.matchedRoute');

/** The part of a Koa context the setter reads: what @koa/router has matched so far. */
interface MatchedContext {
  [MATCHED_ROUTE]?: unknown;
  method?: unknown;
  matched?: unknown;
}
interface MatchedLayer {
  path?: unknown;
  methods?: unknown;
}

/**
 * True when `path` is the template of a layer the request matched on both
 * path and method. @koa/router also writes `_matchedRoute` for router
 * middleware (`router.use`, no methods), whose path is no route; those are
 * skipped, as {@link koaRoute} skips them at the end.
 */
function isRouteOf(ctx: MatchedContext, path: string): boolean {
  const { matched, method } = ctx;
  if (!Array.isArray(matched) || typeof method !== 'string') return false;
  for (let i = matched.length - 1; i >= 0; i--) {
    const layer = matched[i] as MatchedLayer | undefined;
    if (layer?.path === path && Array.isArray(layer.methods) && layer.methods.includes(method)) {
      return true;
    }
  }
  return false;
}

/**
 * Names the route of a Koa request the moment @koa/router matches it,
 * before any of the route's middleware or its handler runs: the in-flight
 * list then shows `/predict`, not `unmatched`, while the handler works.
 * Every @koa/router version writes the matched layer's template to
 * `ctx._matchedRoute` as it dispatches (after `match`, and again as each
 * matched layer starts), so this puts an accessor of that name on the app's
 * context prototype (`app.context`, which every `ctx` inherits): reading it
 * gives what was written, and writing it also tags the template on the
 * active server span ({@link setRoute}). Costs, per request, one symbol
 * property and a short walk over `ctx.matched` per new value; allocates
 * nothing. Leaves alone a prototype where `_matchedRoute` exists already
 * (hooked before, or the app's own). Never throws: a failure is counted by
 * `guard`.
 */
export function hookKoaMatch(context: object, guard: RouteHookGuard): void {
  try {
    if ('_matchedRoute' in context) return;
    Object.defineProperty(context, '_matchedRoute', {
      configurable: true,
      enumerable: false,
      get(this: MatchedContext): unknown {
        return this[MATCHED_ROUTE];
      },
      set(this: MatchedContext, value: unknown) {
        const before = this[MATCHED_ROUTE];
        this[MATCHED_ROUTE] = value;
        if (value === before || typeof value !== 'string') return;
        try {
          if (isRouteOf(this, value)) setRoute(value);
        } catch (err) {
          guard.record('route.hook', err);
        }
      },
    });
  } catch (err) {
    guard.record('route.hook', err);
  }
}
