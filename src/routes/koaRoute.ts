/** What @koa/router leaves on the context: every layer whose path matched. */
interface RoutedContext {
  method?: string;
  status?: number;
  matched?: readonly { path: unknown; methods: readonly string[] }[];
}

/**
 * The template of the route that handled a Koa request: the last layer
 * @koa/router matched on both path and method. Its `path` already carries
 * every prefix (`router.prefix`, `router.use('/api', nested.routes())`),
 * since the router clones nested layers with the prefix applied. Router
 * middleware (`router.use`) has no methods and is skipped. A path that
 * matched only with another method has a template only when the app
 * answered 405 (`router.allowedMethods()`): the route exists, so the request
 * is counted under it; otherwise (a 404) it has none.
 */
export function koaRoute(ctx: unknown): string | undefined {
  const { matched, method } = ctx as RoutedContext;
  if (matched === undefined || typeof method !== 'string') return undefined;
  for (let i = matched.length - 1; i >= 0; i--) {
    const layer = matched[i];
    if (layer !== undefined && typeof layer.path === 'string' && layer.methods.includes(method)) {
      return layer.path;
    }
  }
  if ((ctx as RoutedContext).status !== 405) return undefined;
  for (let i = matched.length - 1; i >= 0; i--) {
    const layer = matched[i];
    if (layer !== undefined && typeof layer.path === 'string' && layer.methods.length > 0) {
      return layer.path;
    }
  }
  return undefined;
}
