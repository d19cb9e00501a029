import {
  InstrumentationBase,
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { InternalErrors } from '../guard/InternalErrors.js';
import { boomErrorType, boomFactories } from './boomErrorType.js';
import type { RouteHookGuard } from './RouteHookGuard.js';
import { recordServerError } from './recordServerError.js';
import { setRoute } from './setRoute.js';

const HAPI_VERSIONS = ['>=21.0.0 <22'];
const BOOM_VERSIONS = ['>=10.0.0 <11'];

interface HapiRequest {
  /** The matched route; Hapi's special routes (not found, bad request) have `_special`. */
  _route?: { _special?: unknown };
  route?: { path?: unknown };
}
interface RequestProto {
  _lookup(...args: unknown[]): unknown;
  _setResponse(response: unknown): unknown;
}

/** After Hapi's router matched: a route's path is the template; the 404 route names none. */
function wrapLookup(guard: RouteHookGuard) {
  return (original: RequestProto['_lookup']): RequestProto['_lookup'] =>
    function _lookup(this: HapiRequest, ...args: unknown[]): unknown {
      const result = original.apply(this, args);
      try {
        const path = this.route?.path;
        if (this._route?._special !== true && typeof path === 'string') setRoute(path);
      } catch (err) {
        guard.record('route.hook', err);
      }
      return result;
    };
}

/** Every response the lifecycle sets passes here; a Boom error is what was thrown (or boomified). */
function wrapSetResponse(guard: RouteHookGuard, factories: () => Map<unknown, string>) {
  return (original: RequestProto['_setResponse']): RequestProto['_setResponse'] =>
    function _setResponse(this: unknown, response: unknown): unknown {
      try {
        if ((response as { isBoom?: unknown } | null)?.isBoom === true)
          recordServerError(response, boomErrorType(response, factories()));
      } catch (err) {
        guard.record('route.hook', err);
      }
      return original.call(this, response);
    };
}

/**
 * Route templates and errors for Hapi 21, with no code in the app. It hooks
 * Hapi's `Request`: after the router's lookup the template is
 * `request.route.path`, prefix of a plugin's `routes.prefix` included, in
 * Hapi's own syntax (`/api/users/{id}`, `/files/{path*}`), kept as it is so
 * the dashboard names routes as the app's code does; the not-found route
 * (unknown paths, wrong methods) names none. A Boom error set as the response
 * is recorded by factory (`Boom.notFound`, `Boom.badRequest`); an error of
 * the app's own class that Hapi boomified keeps its class. Hapi is CommonJS,
 * so no ESM loader hook is needed.
 */
export class HapiRouteInstrumentation extends InstrumentationBase {
  /** Counts a failure of the hooks' own work; the app's request goes on. */
  private readonly guard: RouteHookGuard;
  /** `@hapi/boom`'s factories by function, once Boom is loaded. */
  private factories = new Map<unknown, string>();

  constructor(config: InstrumentationConfig = {}, guard?: RouteHookGuard) {
    super('golden-signals-hapi-route', '0.1.0', config);
    this.guard = guard ?? InternalErrors.toConsole();
  }

  /** `@hapi/hapi/lib/request.js`, and `@hapi/boom` for the names of its factories. */
  protected init(): InstrumentationNodeModuleDefinition[] {
    const request = new InstrumentationNodeModuleFile(
      '@hapi/hapi/lib/request.js',
      HAPI_VERSIONS,
      (exports: unknown) => {
        const proto = (exports as { prototype?: RequestProto }).prototype;
        if (typeof proto?._lookup === 'function' && typeof proto._setResponse === 'function') {
          this._wrap(proto, '_lookup', wrapLookup(this.guard));
          this._wrap(
            proto,
            '_setResponse',
            wrapSetResponse(this.guard, () => this.factories),
          );
        }
        return exports;
      },
      (exports: unknown) => {
        const proto = (exports as { prototype?: RequestProto }).prototype;
        if (proto === undefined) return;
        this._unwrap(proto, '_lookup');
        this._unwrap(proto, '_setResponse');
      },
    );
    return [
      new InstrumentationNodeModuleDefinition('@hapi/hapi', HAPI_VERSIONS, undefined, undefined, [
        request,
      ]),
      new InstrumentationNodeModuleDefinition('@hapi/boom', BOOM_VERSIONS, (exports: unknown) => {
        this.factories = boomFactories(exports);
        return exports;
      }),
    ];
  }
}
