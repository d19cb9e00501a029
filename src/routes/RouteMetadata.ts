import type { Span } from '@opentelemetry/api';
import { type RPCMetadata, RPCType } from '@opentelemetry/core';

/**
 * The RPC metadata of an HTTP request, made by an HTTP path of ours, whose
 * `route` a route hook of ours can hold with one field write: once held,
 * another instrumentation's later write (instrumentation-express's partial
 * template, -koa's, @fastify/otel's) is ignored, as `setRoute`'s accessor
 * does on a plain metadata object, where defining that accessor per request
 * costs about a microsecond. Before ours holds it, others' writes are kept.
 */
export class RouteMetadata implements RPCMetadata {
  /** Always HTTP. */
  readonly type = RPCType.HTTP;
  /** The request's server span. */
  span: Span;
  /** The template, ours once `held`. */
  private value: string | undefined = undefined;
  /** True once a route hook of ours named the template (or said there is none). */
  held = false;

  constructor(span: Span) {
    this.span = span;
  }

  /** The template instrumentation-http's code reads when the response ends. */
  get route(): string | undefined {
    return this.value;
  }

  /** Another instrumentation's template: kept until ours is held. */
  set route(route: string | undefined) {
    if (!this.held) this.value = route;
  }

  /** Holds `route` (undefined: no route matched) against later writes by others. */
  hold(route: string | undefined): void {
    this.held = true;
    this.value = route;
  }
}
