import diagnosticsChannel from 'node:diagnostics_channel';
import { InstrumentationBase, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { InternalErrors } from '../guard/InternalErrors.js';
import type { RouteHookGuard } from './RouteHookGuard.js';
import { recordServerError } from './recordServerError.js';
import { setRoute } from './setRoute.js';

/** Published by `Fastify()` with each new root instance (Fastify 4 and 5). */
const INITIALIZATION = 'fastify.initialization';
/**
 * The description of the symbol a Fastify request keeps its route's context
 * under (`kRouteContext` in `fastify/lib/symbols.js`, Fastify 4 and 5), whose
 * `config.url` is the route's template and is missing for the 404 handler.
 */
export const FASTIFY_ROUTE_CONTEXT = 'fastify.context';

interface RouteContext {
  config?: { url?: unknown };
}
interface FastifyRequest {
  is404?: boolean;
  routeOptions?: { url?: unknown };
}
interface FastifyInstance {
  addHook(name: 'onError', hook: OnErrorHook): unknown;
  addHook(name: 'onRequest', hook: OnRequestHook): unknown;
}
type OnRequestHook = (request: FastifyRequest, reply: unknown, done: () => void) => void;
type OnErrorHook = (
  request: FastifyRequest,
  reply: unknown,
  error: unknown,
  done: () => void,
) => void;

/** The key of a request's route context, found by its description; undefined when Fastify has none. */
function routeContextKey(request: object): symbol | undefined {
  for (const key of Object.getOwnPropertySymbols(request))
    if (key.description === FASTIFY_ROUTE_CONTEXT) return key;
  return undefined;
}

/**
 * Reads a request's route template: from the route context Fastify keeps on
 * the request (two property reads), where `request.routeOptions` would build
 * a fresh object of thirteen fields per read. The key is looked up once per
 * Fastify copy; without one it falls back to the public `routeOptions`.
 */
function routeReader(): (request: FastifyRequest) => string | undefined {
  let key: symbol | undefined;
  return (request) => {
    let context = key === undefined ? undefined : (request as Record<symbol, unknown>)[key];
    if (context === undefined) {
      key = routeContextKey(request);
      context = key === undefined ? undefined : (request as Record<symbol, unknown>)[key];
      if (context === undefined) {
        const url = request.is404 === true ? undefined : request.routeOptions?.url;
        return typeof url === 'string' ? url : undefined;
      }
    }
    const url = (context as RouteContext).config?.url;
    return typeof url === 'string' ? url : undefined;
  };
}

/**
 * The `onRequest` and `onError` hooks over one guard, and the subscriber
 * that adds them to each new instance. A subscriber that throws would reach
 * the app as an uncaught exception (diagnostics_channel rethrows on the next
 * tick), so nothing here throws.
 */
function fastifyHooks(guard: RouteHookGuard) {
  const routeOf = routeReader();
  /**
   * Fastify's router matched before `onRequest`, the first hook: the route is
   * named here, so a request waiting in a hook, its body or a `preHandler`
   * shows it in flight, and one a hook answered keeps its route. The 404
   * handler's request has no template.
   */
  const onRequest: OnRequestHook = (request, _reply, done) => {
    try {
      const url = routeOf(request);
      if (url !== undefined) setRoute(url);
    } catch (err) {
      guard.record('route.hook', err);
    }
    done();
  };
  /**
   * Fastify's `onError` hook runs before the error handler (the default one or
   * the app's), for errors from handlers and from hooks alike. A hook that
   * failed before ours ran still gets its route's template here.
   */
  const onError: OnErrorHook = (request, _reply, error, done) => {
    try {
      const url = routeOf(request);
      if (url !== undefined) setRoute(url);
      recordServerError(error);
    } catch (err) {
      guard.record('route.hook', err);
    }
    done();
  };
  const onInitialization = (message: unknown): void => {
    try {
      const fastify = (message as { fastify?: FastifyInstance }).fastify;
      fastify?.addHook('onRequest', onRequest);
      fastify?.addHook('onError', onError);
    } catch (err) {
      guard.record('route.hook', err);
    }
  };
  return { onInitialization };
}

/**
 * Route templates and errors for Fastify 4 and 5, with no code in the app
 * and no module hooks: it subscribes to the `fastify.initialization`
 * diagnostics channel, and adds an `onRequest` hook (the route as soon as it
 * is matched) and an `onError` hook to each instance created after it is
 * enabled. The template is Fastify's own route url, which includes the
 * register prefix and keeps wildcards (`/api/files/*`); the 404 handler's
 * has none, so unknown paths and wrong methods keep no template. Per request
 * it costs one hook call and two property reads. It does not subscribe to
 * Fastify 5's `tracing:fastify.request.handler:*` channels: the hook names the
 * route earlier (before body parsing and `preHandler` hooks), and a
 * subscriber there makes Fastify build and publish a message per request.
 * Instances created before this is enabled get neither templates nor error
 * types.
 */
export class FastifyRouteInstrumentation extends InstrumentationBase {
  private readonly hooks: ReturnType<typeof fastifyHooks>;

  constructor(config: InstrumentationConfig = {}, guard?: RouteHookGuard) {
    super('golden-signals-fastify-route', '0.1.0', config);
    this.hooks = fastifyHooks(guard ?? InternalErrors.toConsole());
    // The base class enables at construction, before the hooks existed.
    if (this.isEnabled()) this.subscribe();
  }

  /** No module hooks: everything goes through diagnostics channels. */
  protected init(): undefined {
    return undefined;
  }

  /** Subscribes to Fastify's channels (once, however often it is called). */
  override enable(): void {
    super.enable();
    this.subscribe();
  }

  private subscribe(): void {
    if (this.hooks === undefined) return;
    const { onInitialization } = this.hooks;
    diagnosticsChannel.unsubscribe(INITIALIZATION, onInitialization);
    diagnosticsChannel.subscribe(INITIALIZATION, onInitialization);
  }

  /** Unsubscribes; instances that already have the hooks keep them. */
  override disable(): void {
    super.disable();
    // Before the constructor finished (the base class enables at construction), there is nothing to undo.
    if (this.hooks === undefined) return;
    diagnosticsChannel.unsubscribe(INITIALIZATION, this.hooks.onInitialization);
  }
}
