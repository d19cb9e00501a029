import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { RouteMetadata } from './RouteMetadata.js';

/** Where a request's route template is held once a route hook of ours named it. */
const HELD = Symbol('golden-signals.route');

interface HeldMetadata {
  route?: string | undefined;
  [HELD]?: string | undefined;
}

/**
 * The `route` accessor a held metadata gets: one getter and one setter for
 * every request, so holding costs a property definition and no closures
 * (a closure pair per request cost about 3 µs on the Express row).
 */
const HELD_ROUTE: PropertyDescriptor = Object.freeze({
  configurable: true,
  enumerable: true,
  get(this: HeldMetadata): string | undefined {
    return this[HELD];
  },
  // Another instrumentation's guess, made after ours: ours is the router's own.
  set(_ignored: unknown): void {},
});

/**
 * Holds `route` as the metadata's `route`, which instrumentation-http copies
 * to the server span's `http.route` (and the histogram) when the response
 * ends. A contrib instrumentation that writes it too (instrumentation-express
 * from the layers it saw, so `/orders/:orderId` without the mount, or `/api`
 * for a 404 under a router; -koa, @fastify/otel) no longer wins by writing
 * last: our hooks read the framework's own router, so their template stands,
 * whichever instrumentation runs first.
 */
function hold(metadata: HeldMetadata, route: string | undefined): void {
  if (metadata instanceof RouteMetadata) {
    metadata.hold(route);
    return;
  }
  const first = !(HELD in metadata);
  metadata[HELD] = route;
  if (first) Object.defineProperty(metadata, 'route', HELD_ROUTE);
}

/**
 * Puts a route template (`/users/:id`) on the active request's OTel RPC
 * metadata. instrumentation-http copies it to the server span's `http.route`
 * (and the duration histogram) when the response ends, so the last call
 * of ours before then wins. It is also set on the server span at once, so the
 * in-flight list can name the route of a request still running; the copy at
 * the end writes the same value. Outside a traced HTTP request it does nothing.
 */
export function setRoute(route: string): void {
  const metadata = getRPCMetadata(context.active());
  if (metadata?.type !== RPCType.HTTP) return;
  hold(metadata as HeldMetadata, route);
  metadata.span?.setAttribute('http.route', route);
}

/**
 * Says that the router found no route for the request (Express's 404 under
 * a router): unless a hook of ours named one, no other instrumentation's
 * partial template (`/api`) reaches the span, so it counts as unmatched.
 */
export function setNoRoute(): void {
  const metadata = getRPCMetadata(context.active()) as
    | (HeldMetadata & { type: RPCType })
    | undefined;
  if (metadata?.type !== RPCType.HTTP) return;
  if (
    metadata instanceof RouteMetadata
      ? metadata.held && metadata.route !== undefined
      : metadata[HELD] !== undefined
  )
    return;
  hold(metadata, undefined);
}
