import diagnosticsChannel from 'node:diagnostics_channel';
import { InstrumentationBase, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import { InternalErrors } from '../guard/InternalErrors.js';
import type { RouteHookGuard } from './RouteHookGuard.js';
import { recordServerError } from './recordServerError.js';
import { setRoute } from './setRoute.js';

/** Published by Fastify 5 before a matched route's handler; never for the 404 handler. */
const HANDLER_START = 'tracing:fastify.request.handler:start';
/** Published by `Fastify()` with each new root instance. */
const INITIALIZATION = 'fastify.initialization';

interface HandlerStart {
  route?: { url?: unknown };
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

/**
 * The channel subscribers and the `onRequest` and `onError` hooks over one guard. A
 * subscriber that throws would reach the app as an uncaught exception
 * (diagnostics_channel rethrows on the next tick), so nothing here throws.
 */
function fastifyHooks(guard: RouteHookGuard) {
  const onHandlerStart = (message: unknown): void => {
    try {
      const url = (message as HandlerStart).route?.url;
      if (typeof url === 'string') setRoute(url);
    } catch (err) {
      guard.record('route.hook', err);
    }
  };
  /**
   * Fastify's router matched before `onRequest`, the first hook: the route is
   * named here, so a request waiting in a hook, its body or a `preHandler`
   * shows it in flight. The 404 handler's request has no template.
   */
  const onRequest: OnRequestHook = (request, _reply, done) => {
    try {
      const url = request.routeOptions?.url;
      if (request.is404 !== true && typeof url === 'string') setRoute(url);
    } catch (err) {
      guard.record('route.hook', err);
    }
    done();
  };
  /**
   * Fastify's `onError` hook runs before the error handler (the default one or
   * the app's), for errors from handlers and from hooks alike. A hook that
   * failed before the handler ran still gets its route's template here.
   */
  const onError: OnErrorHook = (request, _reply, error, done) => {
    try {
      const url = request.routeOptions?.url;
      if (request.is404 !== true && typeof url === 'string') setRoute(url);
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
  return { onHandlerStart, onInitialization };
}

/**
 * Route templates and errors for Fastify 5, with no code in the app and no
 * module hooks: it subscribes to the diagnostics channels Fastify publishes,
 * and adds an `onRequest` hook (the route as soon as it is matched) and an
 * `onError` hook to each instance created after it is enabled.
 * The template is Fastify's own route url, which includes the register
 * prefix and keeps wildcards (`/api/files/*`). The 404 handler publishes
 * nothing, so unknown paths and wrong methods keep no template. Instances
 * created before this is enabled get templates once their handler starts,
 * but not error types.
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
    const { onHandlerStart, onInitialization } = this.hooks;
    diagnosticsChannel.unsubscribe(HANDLER_START, onHandlerStart);
    diagnosticsChannel.unsubscribe(INITIALIZATION, onInitialization);
    diagnosticsChannel.subscribe(HANDLER_START, onHandlerStart);
    diagnosticsChannel.subscribe(INITIALIZATION, onInitialization);
  }

  /** Unsubscribes; instances that already have the hooks keep them. */
  override disable(): void {
    super.disable();
    // Before the constructor finished (the base class enables at construction), there is nothing to undo.
    if (this.hooks === undefined) return;
    const { onHandlerStart, onInitialization } = this.hooks;
    diagnosticsChannel.unsubscribe(HANDLER_START, onHandlerStart);
    diagnosticsChannel.unsubscribe(INITIALIZATION, onInitialization);
  }
}
