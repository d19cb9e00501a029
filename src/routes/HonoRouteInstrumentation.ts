import {
  InstrumentationBase,
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { InternalErrors } from '../guard/InternalErrors.js';
import type { RouteHookGuard } from './RouteHookGuard.js';
import { recordServerError } from './recordServerError.js';
import { setRoute } from './setRoute.js';

const VERSIONS = ['>=4.0.0 <5'];
/** Hono's routers, by file (under `dist/router/` and `dist/cjs/router/`) and class. */
const ROUTERS: readonly (readonly [string, string])[] = [
  ['smart-router', 'SmartRouter'],
  ['reg-exp-router', 'RegExpRouter'],
  ['trie-router', 'TrieRouter'],
  ['linear-router', 'LinearRouter'],
  ['pattern-router', 'PatternRouter'],
];
/** Marks a handler already wrapped: SmartRouter hands its tuples on to the routers inside it. */
const WRAPPED = Symbol('golden-signals.hono.wrapped');

type Handler = ((c: unknown, next: () => unknown) => unknown) & { [WRAPPED]?: true };
/** What Hono stores with each route: `[handler, { path, method, ... }]`, the path full. */
type RouteTuple = [Handler, { path?: unknown; method?: unknown }];
type Add = (method: string, path: string, handler: unknown) => unknown;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * One route's handler, wrapped. A method's route (`app.get`) names its
 * template as soon as it runs, so the in-flight list shows it; any handler,
 * middleware included (`app.use('/api/*')`), that answers or throws without
 * passing the request on names its own. The not-found handler is none of
 * them: unknown paths keep no template. What it throws is recorded before
 * Hono's error handler turns it into a response.
 */
function wrapHandler(handler: Handler, template: string, isRoute: boolean, guard: RouteHookGuard) {
  const name = (answered: boolean, err?: unknown, threw = false): void => {
    try {
      if (answered) setRoute(template);
      if (threw) recordServerError(err);
    } catch (failure) {
      guard.record('route.hook', failure);
    }
  };
  const wrapped: Handler = (c, next) => {
    if (isRoute) name(true);
    let passed = false;
    const onward = () => {
      passed = true;
      return next();
    };
    let result: unknown;
    try {
      result = handler(c, onward);
    } catch (err) {
      name(!passed, err, true);
      throw err;
    }
    if (!isThenable(result)) {
      name(!passed);
      return result;
    }
    return Promise.resolve(result).then(
      (value) => {
        name(!passed);
        return value;
      },
      (err: unknown) => {
        name(!passed, err, true);
        throw err;
      },
    );
  };
  wrapped[WRAPPED] = true;
  return wrapped;
}

/** `router.add(method, path, [handler, route])`: Hono's own tuples get the wrapped handler. */
function wrapAdd(guard: RouteHookGuard) {
  return (original: Add): Add =>
    function add(this: unknown, method, path, stored): unknown {
      let value = stored;
      try {
        const tuple = stored as RouteTuple;
        const [handler, route] = Array.isArray(tuple) ? tuple : [];
        if (typeof handler === 'function' && handler[WRAPPED] !== true) {
          const template = typeof route?.path === 'string' ? route.path : path;
          const isRoute = typeof route?.method === 'string' && route.method !== 'ALL';
          value = [wrapHandler(handler, template, isRoute, guard), ...tuple.slice(1)];
        }
      } catch (err) {
        guard.record('route.hook', err);
        value = stored;
      }
      return original.call(this, method, path, value);
    };
}

/**
 * Route templates and thrown errors for Hono 4 (on `@hono/node-server`, or
 * any server that runs it inside a traced HTTP request), with no code in the
 * app. It wraps `add` of Hono's routers, so every handler is stored wrapped:
 * the template is the full path Hono registers, with `basePath()` and the
 * mount path of sub-apps (`app.route('/api', api)`), in Hono's syntax
 * (`/api/users/:id`, `/files/*`). Unknown paths and wrong methods reach only
 * the not-found handler and keep no template. Hono's files are ESM for an
 * ESM app: they go through the module hooks of {@link registerEsmHooks}.
 */
export class HonoRouteInstrumentation extends InstrumentationBase {
  /** Counts a failure of the hooks' own work; the app's request goes on. */
  private readonly guard: RouteHookGuard;

  constructor(config: InstrumentationConfig = {}, guard?: RouteHookGuard) {
    super('golden-signals-hono-route', '0.1.0', config);
    this.guard = guard ?? InternalErrors.toConsole();
  }

  /** The five routers, in Hono's ESM and CommonJS builds. */
  protected init(): InstrumentationNodeModuleDefinition[] {
    const files = ROUTERS.flatMap(([dir, name]) =>
      ['dist', 'dist/cjs'].map(
        (build) =>
          new InstrumentationNodeModuleFile(
            `hono/${build}/router/${dir}/router.js`,
            VERSIONS,
            (exports: unknown) => {
              const proto = (exports as Record<string, { prototype?: { add: Add } }>)[name]
                ?.prototype;
              if (typeof proto?.add === 'function') this._wrap(proto, 'add', wrapAdd(this.guard));
              return exports;
            },
            (exports: unknown) => {
              const proto = (exports as Record<string, { prototype?: { add: Add } }>)[name]
                ?.prototype;
              if (proto !== undefined) this._unwrap(proto, 'add');
            },
          ),
      ),
    );
    return [new InstrumentationNodeModuleDefinition('hono', VERSIONS, undefined, undefined, files)];
  }
}
