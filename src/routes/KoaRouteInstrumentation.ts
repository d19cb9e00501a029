import {
  InstrumentationBase,
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation';
import { InternalErrors } from '../guard/InternalErrors.js';
import { hookKoaMatch } from './hookKoaMatch.js';
import { koaRoute } from './koaRoute.js';
import type { RouteHookGuard } from './RouteHookGuard.js';
import { recordServerError } from './recordServerError.js';
import { setRoute } from './setRoute.js';

type Next = () => Promise<unknown>;
interface KoaApplication {
  middleware: unknown[];
  context: object;
  callback(...args: unknown[]): unknown;
}
interface KoaClass {
  prototype: KoaApplication;
}

/**
 * The outermost middleware over one guard: after everything else ran, tags
 * the matched template again (the 405 of `allowedMethods` names a route
 * only then), and records an error thrown through to Koa's own `onerror`.
 * Its own work never throws: the app's error, if any, goes on.
 */
function routeMiddleware(guard: RouteHookGuard) {
  const tag = (ctx: unknown, err?: unknown): void => {
    try {
      const route = koaRoute(ctx);
      if (route !== undefined) setRoute(route);
      if (err !== undefined) recordServerError(err);
    } catch (failure) {
      guard.record('route.hook', failure);
    }
  };
  return function goldenSignalsRoute(ctx: unknown, next: Next): Promise<void> {
    return next().then(
      () => tag(ctx),
      (err: unknown) => {
        tag(ctx, err);
        throw err;
      },
    );
  };
}

/** The Application class, from `require('koa')` or from an ESM namespace. */
function applicationOf(exports: unknown): KoaClass | undefined {
  const candidate =
    typeof exports === 'function' ? exports : (exports as { default?: unknown } | null)?.default;
  return typeof candidate === 'function' && 'callback' in candidate.prototype
    ? (candidate as KoaClass)
    : undefined;
}

/**
 * Route templates and thrown errors for Koa 2 and 3 with @koa/router, with
 * no code in the app. It wraps the public `Application.prototype.callback`
 * so that the handler it composes runs one extra outermost middleware; the
 * app's own `middleware` array is left as it was. The template is named as
 * soon as @koa/router matches ({@link hookKoaMatch} on the app's context),
 * so a request still running has it. Costs one promise step per request
 * and opens no spans. ESM apps need the module hooks from
 * {@link registerEsmHooks}; CommonJS apps need nothing.
 */
export class KoaRouteInstrumentation extends InstrumentationBase {
  /** The middleware composed in front of every app's own. */
  private readonly middleware: (ctx: unknown, next: Next) => Promise<void>;
  /** Counts a failure of the hooks' own work; the app's request goes on. */
  private readonly guard: RouteHookGuard;

  constructor(config: InstrumentationConfig = {}, guard?: RouteHookGuard) {
    super('golden-signals-koa-route', '0.1.0', config);
    this.guard = guard ?? InternalErrors.toConsole();
    this.middleware = routeMiddleware(this.guard);
  }

  /** Hooks `koa` (2.x and 3.x). */
  protected init(): InstrumentationNodeModuleDefinition[] {
    return [
      new InstrumentationNodeModuleDefinition(
        'koa',
        ['>=2.0.0 <4'],
        (exports: unknown) => {
          const app = applicationOf(exports);
          if (app !== undefined)
            this._wrap(app.prototype, 'callback', wrapCallback(this.middleware, this.guard));
          return exports;
        },
        (exports: unknown) => {
          const app = applicationOf(exports);
          if (app !== undefined) this._unwrap(app.prototype, 'callback');
        },
      ),
    ];
  }
}

function wrapCallback(route: (ctx: unknown, next: Next) => Promise<void>, guard: RouteHookGuard) {
  return (original: KoaApplication['callback']): KoaApplication['callback'] =>
    function callback(this: KoaApplication, ...args: unknown[]): unknown {
      // Once per app: every ctx of it inherits the hooked `_matchedRoute`.
      if (typeof this.context === 'object' && this.context !== null)
        hookKoaMatch(this.context, guard);
      const own = this.middleware;
      if (!Array.isArray(own) || own[0] === route) return original.apply(this, args);
      // compose() reads the array now; the app keeps its own list afterwards.
      this.middleware = [route, ...own];
      try {
        return original.apply(this, args);
      } finally {
        this.middleware = own;
      }
    };
}
