import {
  type Attributes,
  type HrTime,
  type SpanContext,
  SpanKind,
  type SpanStatus,
  SpanStatusCode,
} from '@opentelemetry/api';
import { type AttributeLimits, attributesOf } from './otlpAttributes.js';
import type { Int64, SpanMessage } from './otlpMessages.js';
import type { ReceiverLimits } from './ReceiverLimits.js';

/** The resource a span came from: its attributes as sent (`service.name`, `service.instance.id`, …). */
export interface ReceivedResource {
  readonly attributes: Attributes;
}

/** An event as `spanToRequest` reads it (only `exception` events are kept). */
export interface ReceivedEvent {
  readonly name: string;
  readonly time: HrTime;
  readonly attributes: Attributes;
}

/** What {@link receivedSpan} checks a span against. */
export type SpanLimits = AttributeLimits & Pick<ReceiverLimits, 'maxFutureMs' | 'maxDurationMs'>;

const TWO_32 = 4_294_967_296;
const NS_PER_MS = 1e6;

/** An unsigned fixed64 (OTLP times) as a number of nanoseconds: exact to 2^53, within 256 ns after. */
function unsignedOf(v: Int64 | undefined): number {
  if (v === undefined) return 0;
  return typeof v === 'number' ? v : (v.high >>> 0) * TWO_32 + (v.low >>> 0);
}

/** `end - start` in nanoseconds, exact whenever the difference is below 2^53 ns (104 days). */
function differenceOf(end: Int64 | undefined, start: Int64 | undefined): number {
  if (typeof end === 'object' && typeof start === 'object') {
    return ((end.high >>> 0) - (start.high >>> 0)) * TWO_32 + ((end.low >>> 0) - (start.low >>> 0));
  }
  return unsignedOf(end) - unsignedOf(start);
}

function hrTimeOf(ns: number): HrTime {
  const seconds = Math.floor(ns / 1e9);
  return [seconds, Math.min(999_999_999, Math.max(0, Math.round(ns - seconds * 1e9)))];
}

/** True for an id of `length` bytes that are not all zero (the W3C invalid id). */
function validId(id: Uint8Array | undefined, length: number): boolean {
  if (id === undefined || id.length !== length) return false;
  for (let i = 0; i < length; i++) if (id[i] !== 0) return true;
  return false;
}

/** OTLP SpanKind (0 unspecified, 1 internal, 2 server…) to the API's (0 internal, 1 server…). */
function kindOf(otlpKind: number | undefined): SpanKind {
  return otlpKind !== undefined && otlpKind >= 2 && otlpKind <= 5
    ? ((otlpKind - 1) as SpanKind)
    : SpanKind.INTERNAL;
}

/**
 * A span received over OTLP, shaped as the fields `spanToRequest` reads of
 * an SDK `ReadableSpan` (kind, attributes, times as HrTime, events, status,
 * `spanContext()`), plus the resource it came from, passed through as sent.
 * So a received span and a local one are mapped to a record by the same
 * code, under the same rules. It is a `HeldSpan` too (name, parent), so the
 * trace ring copies it with the same `SpanRecord.of` as a local span.
 */
export class ReceivedSpan {
  constructor(
    readonly kind: SpanKind,
    readonly attributes: Attributes,
    readonly startTime: HrTime,
    readonly endTime: HrTime,
    readonly duration: HrTime,
    readonly events: readonly ReceivedEvent[],
    readonly status: SpanStatus,
    readonly resource: ReceivedResource,
    private readonly ids: Pick<
      SpanMessage,
      'traceId' | 'spanId' | 'parentSpanId' | 'flags' | 'name'
    >,
  ) {}

  /** The span's name as sent (empty when none). */
  get name(): string {
    return this.ids.name ?? '';
  }

  /** The trace id in hex, as the trace ring keys it. */
  get traceId(): string {
    return Buffer.from(this.ids.traceId ?? []).toString('hex');
  }

  /** The parent's context, undefined for a root span (no parent id, or an invalid one). */
  get parentSpanContext(): SpanContext | undefined {
    const parent = this.ids.parentSpanId;
    if (!validId(parent, 8)) return undefined;
    return {
      traceId: this.traceId,
      spanId: Buffer.from(parent as Uint8Array).toString('hex'),
      traceFlags: (this.ids.flags ?? 0) & 0xff,
    };
  }

  /** Hex ids, made only when asked (the mapping asks for errors only). */
  spanContext(): SpanContext {
    const { traceId, spanId, flags } = this.ids;
    return {
      traceId: Buffer.from(traceId ?? []).toString('hex'),
      spanId: Buffer.from(spanId ?? []).toString('hex'),
      traceFlags: (flags ?? 0) & 0xff,
    };
  }
}

/**
 * The {@link ReceivedSpan} of a decoded OTLP span, or undefined when the
 * span is not one a request could have made: an id of the wrong length or
 * all zero, a start or end unset (zero), an end before the start, a
 * duration over `maxDurationMs`, an end more than `maxFutureMs` past
 * `nowMs`, or attributes (its own, or an exception event's) over the limits.
 */
export function receivedSpan(
  span: SpanMessage,
  resource: ReceivedResource,
  limits: SpanLimits,
  nowMs: number,
): ReceivedSpan | undefined {
  if (!validId(span.traceId, 16) || !validId(span.spanId, 8)) return undefined;
  const startNs = unsignedOf(span.startTimeUnixNano);
  const endNs = unsignedOf(span.endTimeUnixNano);
  const durationNs = differenceOf(span.endTimeUnixNano, span.startTimeUnixNano);
  if (startNs <= 0 || endNs <= 0 || durationNs < 0) return undefined;
  if (durationNs > limits.maxDurationMs * NS_PER_MS) return undefined;
  if (endNs / NS_PER_MS > nowMs + limits.maxFutureMs) return undefined;
  const attributes = attributesOf(span.attributes, limits);
  if (attributes === undefined) return undefined;
  const events: ReceivedEvent[] = [];
  const exception = span.events?.find((e) => e.name === 'exception');
  if (exception !== undefined) {
    const eventAttributes = attributesOf(exception.attributes, limits);
    if (eventAttributes === undefined) return undefined;
    events.push({
      name: 'exception',
      time: hrTimeOf(unsignedOf(exception.timeUnixNano)),
      attributes: eventAttributes,
    });
  }
  const code = span.status?.code;
  const status: SpanStatus = {
    code: code === SpanStatusCode.OK || code === SpanStatusCode.ERROR ? code : SpanStatusCode.UNSET,
    message: span.status?.message ?? '',
  };
  return new ReceivedSpan(
    kindOf(span.kind),
    attributes,
    hrTimeOf(startNs),
    hrTimeOf(endNs),
    hrTimeOf(durationNs),
    events,
    status,
    resource,
    span,
  );
}
