import type { Attributes, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { maskDatabaseMessage } from '../privacy/maskDatabaseMessage.js';
import { DEFAULT_REDACT_QUERY, type RedactQueryMode } from '../privacy/RedactionSettings.js';
import { redactAttributes } from '../privacy/redactAttributes.js';
import { redactText } from '../privacy/redactText.js';
import type { HeldSpan } from './HeldSpan.js';

/**
 * The few fields of an ended span that the trace view shows, copied into
 * one small object of a fixed shape, so the ring lets the span itself (its
 * context, events, links, timers) go. The attributes object is held as it
 * is, not copied, unless a URL in it has secrets to mask (see
 * `redactAttributes`): then a redacted copy is held, and the span itself,
 * which the app's exporters may still read, is left alone. Capping and
 * hiding happen when the view is built.
 */
export class SpanRecord {
  constructor(
    readonly name: string,
    readonly kind: SpanKind,
    readonly spanId: string,
    /** Undefined for a root span. */
    readonly parentSpanId: string | undefined,
    /** Epoch milliseconds. */
    readonly startMs: number,
    readonly durationMs: number,
    readonly statusCode: SpanStatusCode,
    readonly statusMessage: string | undefined,
    readonly attributes: Attributes,
    readonly resource: { readonly attributes: Attributes },
  ) {}

  /**
   * Copies what the view needs from an ended span: its name, URLs and status
   * message redacted by `redact`, its statement masked by `normalize`
   * (`normalizeStatement` or a `StatementCache`'s).
   */
  static of(
    span: HeldSpan,
    redact: RedactQueryMode = DEFAULT_REDACT_QUERY,
    normalize?: (system: string, text: string) => string,
  ): SpanRecord {
    const start = span.startTime;
    const duration = span.duration;
    return new SpanRecord(
      redactText(span.name, redact),
      span.kind,
      span.spanContext().spanId,
      span.parentSpanContext?.spanId,
      start[0] * 1e3 + start[1] / 1e6,
      duration[0] * 1e3 + duration[1] / 1e6,
      span.status.code,
      span.status.message === undefined
        ? undefined
        : maskDatabaseMessage(span.attributes, redactText(span.status.message, redact)),
      redactAttributes(span.attributes, redact, normalize),
      span.resource,
    );
  }
}
