/** What @koa/router leaves on the context: every layer whose path matched. */
interface RoutedContext {
  method?: string;
  matched?: readonly { path: unknown; methods: readonly string[] }[];
}

/**
 * The template of the route that handled a Koa request: the last layer
 * @koa/router matched on both path and method. Its `path` already carries
 * every prefix (`router.prefix`, `router.use('/api', nested.routes())`),
 * since the router clones nested layers with the prefix applied. Router
 * middleware (`router.use`) has no methods and is skipped, and a path that
 * matched only with another method (a 405) has no template.
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
  return undefined;
}
