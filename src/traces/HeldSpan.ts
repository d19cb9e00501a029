import type { Attributes, HrTime, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';

/**
 * The part of a finished span the trace view reads, at query time only. The
 * SDK's `ReadableSpan` fits it; the ring holds the span object itself, so
 * recording costs a reference, and nothing is converted until someone asks.
 */
export interface HeldSpan {
  readonly name: string;
  readonly kind: SpanKind;
  spanContext(): SpanContext;
  readonly parentSpanContext?: SpanContext | undefined;
  readonly startTime: HrTime;
  readonly duration: HrTime;
  readonly status: SpanStatus;
  readonly attributes: Attributes;
  readonly resource: { readonly attributes: Attributes };
}
