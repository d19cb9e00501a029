import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import type { Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

/**
 * NodeSDK's default context manager (AsyncLocalStorage), except that `bind`
 * leaves an EventEmitter as it is. instrumentation-http binds the request
 * and the response of every incoming request, which replaces six listener
 * methods on each and wraps every listener added later (Koa, on-finished and
 * Node's own add several a request) in a context switch. On a trivial route
 * that cost about a fifth of the throughput (measured against plain Koa:
 * 0.46× with it, 0.56× without; see the README's Benchmarks). Context still follows every `await`, promise
 * and timer, as AsyncLocalStorage carries it; what changes is that a
 * listener on a request or response runs in the context active where the
 * event is emitted rather than where it was added. Nothing in this service
 * depends on the active context in such a listener: the duration histogram
 * takes the route from the request's span (keepSpanRouteInMetric, the lean
 * path's Exchange), since a response can close outside its request (a client
 * that hung up, a pool's callback); functions are still bound.
 */
export class NoEmitterBindingContextManager extends AsyncLocalStorageContextManager {
  override bind<T>(context: Context, target: T): T {
    return target instanceof EventEmitter ? target : super.bind(context, target);
  }

  /**
   * A function that makes a context the active one for the rest of the
   * current execution and what it starts (`AsyncLocalStorage.enterWith` on
   * the store the class keeps), or undefined when that store is not where
   * it was (the private `_asyncLocalStorage` of AsyncLocalStorageContextManager,
   * watched by test/telemetry/NoEmitterBindingContextManager.test.ts). The
   * diagnostics_channel server path enters a request's context with it from
   * `http.server.request.start`, which Node publishes right before it emits
   * `request` in the same execution.
   */
  enterer(): ((context: Context) => void) | undefined {
    const store = (this as unknown as { _asyncLocalStorage?: unknown })._asyncLocalStorage;
    if (!(store instanceof AsyncLocalStorage)) return undefined;
    const als = store as AsyncLocalStorage<Context>;
    return (context) => als.enterWith(context);
  }
}
