import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

/** Where a request's route template is held once a route hook of ours named it. */
const HELD = Symbol('golden-signals.route');

interface HeldMetadata {
  route?: string | undefined;
  [HELD]?: { route: string | undefined };
}

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
  const held = metadata[HELD];
  if (held !== undefined) {
    held.route = route;
    return;
  }
  const box = { route };
  metadata[HELD] = box;
  Object.defineProperty(metadata, 'route', {
    configurable: true,
    enumerable: true,
    get: () => box.route,
    // Another instrumentation's guess, made after ours: ours is the router's own.
    set: () => {},
  });
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
  if (metadata[HELD]?.route !== undefined) return;
  hold(metadata, undefined);
}
