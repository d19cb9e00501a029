import type { Attributes, HrTime, SpanKind } from '@opentelemetry/api';

/**
 * The part of a finished span that {@link spanToRequest} reads. The SDK's
 * `ReadableSpan` fits it, and so can a span decoded from OTLP, whatever
 * library decoded it: kind, attributes, end time, duration, exception
 * events, status message, trace id and the resource's attributes.
 */
export interface RequestSpan {
  /** The API's kind (SERVER is 1); an OTLP decoder maps the wire's kind to it. */
  readonly kind: SpanKind;
  readonly attributes: Attributes;
  readonly endTime: HrTime;
  readonly duration: HrTime;
  readonly events: readonly { readonly name: string; readonly attributes?: Attributes }[];
  readonly status: { readonly message?: string };
  spanContext(): { readonly traceId: string; readonly spanId?: string };
  /**
   * The resource of the process that made the span. Spans of one process
   * share one resource object, so its identity is worked out once per object.
   */
  readonly resource: { readonly attributes: Attributes };
}
