import {
  InstrumentationBase,
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation';
import { koaRoute } from './koaRoute.js';
import { recordServerError } from './recordServerError.js';
import { setRoute } from './setRoute.js';

type Next = () => Promise<unknown>;
interface KoaApplication {
  middleware: unknown[];
  callback(...args: unknown[]): unknown;
}
interface KoaClass {
  prototype: KoaApplication;
}

/**
 * The outermost middleware: after everything else ran, tags the matched
 * template, and records an error thrown through to Koa's own `onerror`.
 */
function goldenSignalsRoute(ctx: unknown, next: Next): Promise<void> {
  return next().then(
    () => tag(ctx),
    (err: unknown) => {
      tag(ctx);
      recordServerError(err);
      throw err;
    },
  );
}

function tag(ctx: unknown): void {
  const route = koaRoute(ctx);
  if (route !== undefined) setRoute(route);
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
 * app's own `middleware` array is left as it was. Costs one promise step
 * per request and opens no spans. ESM apps need the module hooks from
 * {@link registerEsmHooks}; CommonJS apps need nothing.
 */
export class KoaRouteInstrumentation extends InstrumentationBase {
  constructor(config: InstrumentationConfig = {}) {
    super('golden-signals-koa-route', '0.1.0', config);
  }

  /** Hooks `koa` (2.x and 3.x). */
  protected init(): InstrumentationNodeModuleDefinition[] {
    return [
      new InstrumentationNodeModuleDefinition(
        'koa',
        ['>=2.0.0 <4'],
        (exports: unknown) => {
          const app = applicationOf(exports);
          if (app !== undefined) this._wrap(app.prototype, 'callback', wrapCallback);
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

function wrapCallback(original: KoaApplication['callback']): KoaApplication['callback'] {
  return function callback(this: KoaApplication, ...args: unknown[]): unknown {
    const own = this.middleware;
    if (!Array.isArray(own) || own[0] === goldenSignalsRoute) return original.apply(this, args);
    // compose() reads the array now; the app keeps its own list afterwards.
    this.middleware = [goldenSignalsRoute, ...own];
    try {
      return original.apply(this, args);
    } finally {
      this.middleware = own;
    }
  };
}
