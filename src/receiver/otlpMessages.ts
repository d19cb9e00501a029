/**
 * The parts of a decoded ExportTraceServiceRequest the receiver reads, as
 * protobufjs gives them (camelCase fields, 64-bit integers as Long, bytes
 * as Uint8Array, unset fields at their defaults). Typed structurally, so no
 * protobufjs type leaks into the rest of the code.
 */

/** A 64-bit integer as protobufjs holds it (a `long.js` Long), or a plain number. */
export type Int64 = number | { readonly low: number; readonly high: number };

/** opentelemetry.proto.common.v1.AnyValue: one member is set (an own property). */
export interface AnyValueMessage {
  readonly stringValue?: string;
  readonly boolValue?: boolean;
  readonly intValue?: Int64;
  readonly doubleValue?: number;
  readonly arrayValue?: { readonly values?: readonly AnyValueMessage[] } | null;
  readonly kvlistValue?: { readonly values?: readonly KeyValueMessage[] } | null;
  readonly bytesValue?: Uint8Array;
}

/** opentelemetry.proto.common.v1.KeyValue. */
export interface KeyValueMessage {
  readonly key?: string;
  readonly value?: AnyValueMessage | null;
}

/** opentelemetry.proto.trace.v1.Span.Event. */
export interface EventMessage {
  readonly timeUnixNano?: Int64;
  readonly name?: string;
  readonly attributes?: readonly KeyValueMessage[];
}

/** opentelemetry.proto.trace.v1.Span. */
export interface SpanMessage {
  readonly traceId?: Uint8Array;
  readonly spanId?: Uint8Array;
  /** Empty or absent for a root span. */
  readonly parentSpanId?: Uint8Array;
  readonly flags?: number;
  readonly name?: string;
  /** OTLP SpanKind: 2 is SERVER. */
  readonly kind?: number;
  readonly startTimeUnixNano?: Int64;
  readonly endTimeUnixNano?: Int64;
  readonly attributes?: readonly KeyValueMessage[];
  readonly events?: readonly EventMessage[];
  readonly status?: { readonly code?: number; readonly message?: string } | null;
}

/** opentelemetry.proto.trace.v1.ResourceSpans. */
export interface ResourceSpansMessage {
  readonly resource?: { readonly attributes?: readonly KeyValueMessage[] } | null;
  readonly scopeSpans?: readonly { readonly spans?: readonly SpanMessage[] }[];
}

/** opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest. */
export interface ExportTraceRequest {
  readonly resourceSpans?: readonly ResourceSpansMessage[];
}

/** OTLP SPAN_KIND_SERVER. */
export const OTLP_SPAN_KIND_SERVER = 2;
/** OTLP's SpanKind CLIENT (the wire's numbering): an outgoing call. */
export const OTLP_SPAN_KIND_CLIENT = 3;
/** OTLP's SpanKind PRODUCER: a message sent. */
export const OTLP_SPAN_KIND_PRODUCER = 4;
