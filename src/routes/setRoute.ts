import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

/**
 * Puts a route template (`/users/:id`) on the active request's OTel RPC
 * metadata. instrumentation-http copies it to the server span's `http.route`
 * (and the duration histogram) when the response ends, so the last call
 * before then wins. It is also set on the server span at once, so the
 * in-flight list can name the route of a request still running; the copy at
 * the end writes the same value. Outside a traced HTTP request it does nothing.
 */
export function setRoute(route: string): void {
  const metadata = getRPCMetadata(context.active());
  if (metadata?.type !== RPCType.HTTP) return;
  metadata.route = route;
  metadata.span?.setAttribute('http.route', route);
}
