import {
  InstrumentationBase,
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { InternalErrors } from '../guard/InternalErrors.js';
import { isNotFoundHandler } from './notFoundHandler.js';
import type { RouteHookGuard } from './RouteHookGuard.js';
import { recordServerError } from './recordServerError.js';
import { setNoRoute, setRoute } from './setRoute.js';
import { wrapBeside } from './wrapBeside.js';

/** The template prefix of the mounts a request is inside (`/api/v:version`). */
const MOUNT = Symbol('golden-signals.express.mount');

type Handler = (...args: unknown[]) => unknown;
type Next = (err?: unknown) => unknown;
interface MountedRequest {
  [MOUNT]?: string;
}
interface Layer {
  handle: Handler;
}
interface RouterProto {
  stack: Layer[];
  use(...args: unknown[]): unknown;
  handle(req: unknown, res: unknown, out: Next): unknown;
}
interface RouteProto {
  path: unknown;
  stack?: Layer[];
  dispatch(req: unknown, res: unknown, done: Next): unknown;
}
interface LayerProto {
  handle: Handler;
  handle_error?: (err: unknown, req: unknown, res: unknown, next: Next) => unknown;
  handleError?: (err: unknown, req: unknown, res: unknown, next: Next) => unknown;
}

/** Options for {@link ExpressRouteInstrumentation}. */
export interface ExpressRouteInstrumentationConfig extends InstrumentationConfig {
  /** Package names Express 4 is installed under; `['express']` unless aliased. */
  express4Names?: readonly string[];
}

/** A path argument of `use`/`route` as template text; `undefined` for none. */
function pathText(path: unknown): string | undefined {
  if (typeof path === 'string') return path;
  if (path instanceof RegExp) return path.toString();
  if (Array.isArray(path)) return path.map((p) => pathText(p) ?? '').join(',');
  return undefined;
}

/**
 * A route's full template: its router's mount prefix and its own path. A
 * router's root route (`router.post('/')` mounted at `/api/users`) is the
 * mount itself, without the slash the request did not have, as Koa and
 * Fastify name it.
 */
function joinRoute(mount: string | undefined, path: string): string {
  if (mount === undefined || mount === '') return path;
  return path === '/' ? mount : mount + path;
}

function isRoutingSignal(err: unknown): boolean {
  return err === undefined || err === null || err === 'route' || err === 'router';
}

/** `router.use(path, ...)`: layers mounted under a path record it on the request. */
function wrapUse(guard: RouteHookGuard) {
  return (original: RouterProto['use']): RouterProto['use'] =>
    function use(this: RouterProto, ...args: unknown[]): unknown {
      const before = Array.isArray(this.stack) ? this.stack.length : 0;
      const result = original.apply(this, args);
      try {
        const first = Array.isArray(args[0]) ? args[0][0] : args[0];
        const mount = typeof first === 'function' ? undefined : pathText(args[0]);
        if (mount === undefined || !Array.isArray(this.stack)) return result;
        const prefix = mount.endsWith('/') ? mount.slice(0, -1) : mount;
        if (prefix === '') return result;
        for (const layer of this.stack.slice(before)) mountLayer(layer, prefix);
      } catch (err) {
        guard.record('route.hook', err);
      }
      return result;
    };
}

/**
 * Wraps a mounted layer's handle so that while it runs the request carries
 * the mount template, and gets it back when the layer passes the request on.
 * Error handlers (arity 4) are left alone; Express tells them apart by arity.
 */
function mountLayer(layer: Layer, prefix: string): void {
  const inner = layer.handle;
  if (typeof inner !== 'function' || inner.length > 3) return;
  const mounted = function mounted(req: unknown, res: unknown, next: unknown): unknown {
    const r = req as MountedRequest;
    const outer = r[MOUNT];
    r[MOUNT] = outer === undefined ? prefix : outer + prefix;
    return inner(req, res, (err?: unknown) => {
      r[MOUNT] = outer;
      return (next as Next)(err);
    });
  };
  // The router's own properties (`stack`) still read through the wrapper:
  // instrumentation-express names its router spans from `layer.handle.stack`.
  Object.setPrototypeOf(mounted, inner);
  layer.handle = mounted;
}

/** A framework's catch-all route (NestJS's 404 handler) that answers unknown paths. */
function isCatchAll(route: RouteProto): boolean {
  const stack = route.stack;
  return (
    Array.isArray(stack) && stack.length > 0 && stack.every((l) => isNotFoundHandler(l.handle))
  );
}

/** What a route's dispatch names: its own template (or none for a catch-all), per stack length. */
interface RouteName {
  /** The route's stack length when this was read: a handler added since is read again. */
  readonly layers: number;
  /** The route's path as a template; undefined for a catch-all or a path of no known form. */
  readonly path: string | undefined;
}

/** Where a route keeps its {@link RouteName}, read once instead of per request. */
const NAMED = Symbol('golden-signals.express.route-name');

interface NamedRoute extends RouteProto {
  [NAMED]?: RouteName;
}

/** The route's template, read at its first dispatch and again only when its stack grew. */
function routeNameOf(route: NamedRoute): string | undefined {
  const layers = Array.isArray(route.stack) ? route.stack.length : 0;
  const known = route[NAMED];
  if (known !== undefined && known.layers === layers) return known.path;
  const path = isCatchAll(route) ? undefined : pathText(route.path);
  route[NAMED] = { layers, path };
  return path;
}

/**
 * A route runs only when its path and method matched: its template is final,
 * unless the route is a framework's own catch-all for unknown paths.
 */
function wrapDispatch(guard: RouteHookGuard) {
  return (original: RouteProto['dispatch']): RouteProto['dispatch'] =>
    function dispatch(this: RouteProto, req, res, done): unknown {
      try {
        const path = routeNameOf(this);
        if (path !== undefined) setRoute(joinRoute((req as MountedRequest)[MOUNT], path));
      } catch (err) {
        guard.record('route.hook', err);
      }
      return original.call(this, req, res, done);
    };
}

/** Records `err` on the active span unless it only steers routing; never throws. */
function recordGuarded(guard: RouteHookGuard, err: unknown): void {
  try {
    if (!isRoutingSignal(err)) recordServerError(err);
  } catch (failure) {
    guard.record('route.hook', failure);
  }
}

/** Errors that no error middleware handled reach the router's `out` (finalhandler). */
function wrapHandle(guard: RouteHookGuard) {
  return (original: RouterProto['handle']): RouterProto['handle'] =>
    function handle(this: RouterProto, req, res, out): unknown {
      if (typeof out !== 'function') return original.call(this, req, res, out);
      return original.call(this, req, res, (err?: unknown) => {
        recordGuarded(guard, err);
        if (isRoutingSignal(err)) noRouteGuarded(guard);
        return out(err);
      });
    };
}

/** The router passed the request on unrouted: a 404 under it names no route. */
function noRouteGuarded(guard: RouteHookGuard): void {
  try {
    setNoRoute();
  } catch (failure) {
    guard.record('route.hook', failure);
  }
}

/** An error middleware (arity 4) is about to handle `err`: record it first. */
function wrapHandleError(guard: RouteHookGuard) {
  return (original: NonNullable<LayerProto['handle_error']>) =>
    function handleError(this: LayerProto, err: unknown, req: unknown, res: unknown, next: Next) {
      if (this.handle.length === 4) recordGuarded(guard, err);
      return original.call(this, err, req, res, next);
    };
}

/**
 * Route templates and handler errors for Express 4 and 5 (and NestJS on its
 * Express adapter, which registers full paths on the Express router), with
 * no code in the app. The template is the mount paths plus the route path
 * (`app.use('/api', users)` + `users.get('/:id')` → `/api/:id`). It patches
 * the router's prototypes, which Express loads with `require` even from an
 * ESM app, so no ESM loader hook is needed. Per request it costs a property
 * write per mount and one closure per router; it opens no spans.
 */
export class ExpressRouteInstrumentation extends InstrumentationBase<ExpressRouteInstrumentationConfig> {
  /** Counts a failure of the hooks' own work; the app's request goes on. */
  private readonly guard: RouteHookGuard;
  /** The undo of each router prototype's `use` wrapper. */
  private readonly unwrapUse = new WeakMap<object, () => void>();

  constructor(config: ExpressRouteInstrumentationConfig = {}, guard?: RouteHookGuard) {
    super('golden-signals-express-route', '0.1.0', config);
    this.guard = guard ?? InternalErrors.toConsole();
  }

  /** Express 5's `router` package, and Express 4's own `lib/router`. */
  protected init(): InstrumentationNodeModuleDefinition[] {
    const express4 = (this.getConfig().express4Names ?? ['express']).map(
      (name) =>
        new InstrumentationNodeModuleDefinition(name, ['>=4.0.0 <5'], undefined, undefined, [
          this.routerFile(`${name}/lib/router/index.js`, ['>=4.0.0 <5']),
          this.routeFile(`${name}/lib/router/route.js`, ['>=4.0.0 <5']),
          this.layerFile(`${name}/lib/router/layer.js`, ['>=4.0.0 <5'], 'handle_error'),
        ]),
    );
    const router = new InstrumentationNodeModuleDefinition(
      'router',
      ['>=2.0.0 <3'],
      (exports: unknown) => {
        this.patchRouter((exports as { prototype: RouterProto }).prototype);
        return exports;
      },
      (exports: unknown) => this.unpatchRouter((exports as { prototype: RouterProto }).prototype),
      [
        this.routeFile('router/lib/route.js', ['>=2.0.0 <3']),
        this.layerFile('router/lib/layer.js', ['>=2.0.0 <3'], 'handleError'),
      ],
    );
    return [router, ...express4];
  }

  private patchRouter(proto: RouterProto): void {
    // Unmarked: instrumentation-express unwraps a marked `use` before wrapping its own.
    this.unwrapUse.get(proto)?.();
    this.unwrapUse.set(
      proto,
      wrapBeside(proto as unknown as Record<string, unknown>, 'use', wrapUse(this.guard)),
    );
    this._wrap(proto, 'handle', wrapHandle(this.guard));
  }

  private unpatchRouter(proto: RouterProto): void {
    this.unwrapUse.get(proto)?.();
    this.unwrapUse.delete(proto);
    this._unwrap(proto, 'handle');
  }

  private routerFile(name: string, versions: string[]): InstrumentationNodeModuleFile {
    // Express 4's router module is the prototype itself.
    return new InstrumentationNodeModuleFile(
      name,
      versions,
      (exports: unknown) => {
        this.patchRouter(exports as RouterProto);
        return exports;
      },
      (exports: unknown) => this.unpatchRouter(exports as RouterProto),
    );
  }

  private routeFile(name: string, versions: string[]): InstrumentationNodeModuleFile {
    return new InstrumentationNodeModuleFile(
      name,
      versions,
      (exports: unknown) => {
        this._wrap(
          (exports as { prototype: RouteProto }).prototype,
          'dispatch',
          wrapDispatch(this.guard),
        );
        return exports;
      },
      (exports: unknown) =>
        this._unwrap((exports as { prototype: RouteProto }).prototype, 'dispatch'),
    );
  }

  private layerFile(
    name: string,
    versions: string[],
    method: 'handle_error' | 'handleError',
  ): InstrumentationNodeModuleFile {
    return new InstrumentationNodeModuleFile(
      name,
      versions,
      (exports: unknown) => {
        const proto = (exports as { prototype: LayerProto }).prototype;
        if (typeof proto[method] === 'function')
          this._wrap(proto, method, wrapHandleError(this.guard) as never);
        return exports;
      },
      (exports: unknown) => this._unwrap((exports as { prototype: LayerProto }).prototype, method),
    );
  }
}
