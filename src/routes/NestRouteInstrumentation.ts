import {
  InstrumentationBase,
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { InternalErrors } from '../guard/InternalErrors.js';
import { markNotFoundHandler } from './notFoundHandler.js';
import type { RouteHookGuard } from './RouteHookGuard.js';
import { recordServerError } from './recordServerError.js';

/** The NestJS majors whose internals these hooks know (10 and 11 CommonJS, 12 ESM). */
const VERSIONS = ['>=10.0.0 <13'];
/** The files patched, as the module hooks name them. */
export const NEST_HANDLER_FILE = '@nestjs/core/exceptions/exceptions-handler.js';
/** See {@link NEST_HANDLER_FILE}. */
export const NEST_RESOLVER_FILE = '@nestjs/core/router/routes-resolver.js';

type Next = (exception: unknown, host: unknown) => unknown;
interface HandlerProto {
  next: Next;
}
interface HttpAdapter {
  setNotFoundHandler?: (handler: unknown, ...rest: unknown[]) => unknown;
}
interface ResolverProto {
  container?: { getHttpAdapterRef?: () => HttpAdapter | undefined };
  registerNotFoundHandler: (...args: unknown[]) => unknown;
}

/** Every exception of an HTTP route, guard, pipe or middleware passes here before any filter. */
function wrapNext(guard: RouteHookGuard) {
  return (original: Next): Next =>
    function next(this: unknown, exception: unknown, host: unknown): unknown {
      try {
        recordServerError(exception);
      } catch (err) {
        guard.record('route.hook', err);
      }
      return original.call(this, exception, host);
    };
}

/**
 * While Nest registers its 404 handler with the adapter, marks the handler
 * it hands over: on Express it becomes a route (`/api*path`), whose requests
 * must still count as `unmatched`.
 */
function wrapRegisterNotFound(guard: RouteHookGuard) {
  return (original: ResolverProto['registerNotFoundHandler']) =>
    function registerNotFoundHandler(this: ResolverProto, ...args: unknown[]): unknown {
      let restore: (() => void) | undefined;
      try {
        const adapter = this.container?.getHttpAdapterRef?.();
        const set = adapter?.setNotFoundHandler;
        if (adapter !== undefined && typeof set === 'function') {
          const own = Object.hasOwn(adapter, 'setNotFoundHandler');
          adapter.setNotFoundHandler = (handler: unknown, ...rest: unknown[]) =>
            set.call(adapter, markNotFoundHandler(handler), ...rest);
          // Put the adapter back as it was: its own method, or the prototype's.
          restore = () => {
            if (own) adapter.setNotFoundHandler = set;
            else delete adapter.setNotFoundHandler;
          };
        }
      } catch (err) {
        guard.record('route.hook', err);
      }
      try {
        return original.apply(this, args);
      } finally {
        restore?.();
      }
    };
}

/**
 * Error types for NestJS (10 to 12, on Express and on Fastify), with no code
 * in the app. Nest catches what a handler, guard, pipe, interceptor or
 * middleware throws and answers through its exception filters, before the
 * Express or Fastify error hooks could see it: this hooks Nest's exceptions
 * handler, which every such exception reaches before any filter, custom or
 * built-in, and records the thrown class (`NotFoundException`,
 * `BadRequestException`, an app's `Error` subclass) as `error.type`. Nest's
 * own 404 handler is marked, so on Express its catch-all route names no
 * template. The templates themselves come from the Express or Fastify hooks,
 * as Nest registers full paths there. Nest 12 is ESM: its files go through
 * the module hooks of {@link registerEsmHooks}.
 */
export class NestRouteInstrumentation extends InstrumentationBase {
  /** Counts a failure of the hooks' own work; the app's request goes on. */
  private readonly guard: RouteHookGuard;

  constructor(config: InstrumentationConfig = {}, guard?: RouteHookGuard) {
    super('golden-signals-nest-route', '0.1.0', config);
    this.guard = guard ?? InternalErrors.toConsole();
  }

  /** `@nestjs/core`'s exceptions handler and routes resolver. */
  protected init(): InstrumentationNodeModuleDefinition[] {
    const handler = new InstrumentationNodeModuleFile(
      NEST_HANDLER_FILE,
      VERSIONS,
      (exports: unknown) => {
        const proto = (exports as { ExceptionsHandler?: { prototype: HandlerProto } })
          .ExceptionsHandler?.prototype;
        if (proto !== undefined) this._wrap(proto, 'next', wrapNext(this.guard));
        return exports;
      },
      (exports: unknown) => {
        const proto = (exports as { ExceptionsHandler?: { prototype: HandlerProto } })
          .ExceptionsHandler?.prototype;
        if (proto !== undefined) this._unwrap(proto, 'next');
      },
    );
    const resolver = new InstrumentationNodeModuleFile(
      NEST_RESOLVER_FILE,
      VERSIONS,
      (exports: unknown) => {
        const proto = (exports as { RoutesResolver?: { prototype: ResolverProto } }).RoutesResolver
          ?.prototype;
        if (proto !== undefined)
          this._wrap(proto, 'registerNotFoundHandler', wrapRegisterNotFound(this.guard));
        return exports;
      },
      (exports: unknown) => {
        const proto = (exports as { RoutesResolver?: { prototype: ResolverProto } }).RoutesResolver
          ?.prototype;
        if (proto !== undefined) this._unwrap(proto, 'registerNotFoundHandler');
      },
    );
    return [
      new InstrumentationNodeModuleDefinition('@nestjs/core', VERSIONS, undefined, undefined, [
        handler,
        resolver,
      ]),
    ];
  }
}
