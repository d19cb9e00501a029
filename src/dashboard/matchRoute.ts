import type { DashboardRoute } from './DashboardRoute.js';

/** A route of the table and the path parameter its pattern took. */
export interface RouteMatch {
  readonly route: DashboardRoute;
  /** What a trailing `/:name` took (the rest of the path); `''` for an exact path. */
  readonly param: string;
}

/**
 * The first route of `routes` whose pattern matches `path` (below the
 * prefix; `''` is taken as `/`), or undefined.
 */
export function matchRoute(
  routes: readonly DashboardRoute[],
  path: string | symbol,
): RouteMatch | undefined {
  const wanted = path === '' ? '/' : path;
  for (const route of routes) {
    if (route.path === wanted) return { route, param: '' };
    if (typeof route.path !== 'string' || typeof wanted !== 'string') continue;
    const colon = route.path.lastIndexOf('/:');
    if (colon === -1) continue;
    const head = route.path.slice(0, colon + 1);
    if (wanted.startsWith(head)) return { route, param: wanted.slice(head.length) };
  }
  return undefined;
}
