import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { DEFAULT_REDACT_QUERY, type RedactQueryMode } from '../privacy/RedactionSettings.js';
import { StatementCache } from '../privacy/StatementCache.js';
import type { HeldSpan } from '../traces/HeldSpan.js';
import { SpanRecord } from '../traces/SpanRecord.js';
import { TraceRing, type TraceRingOptions } from '../traces/TraceRing.js';
import { InflightRegistry, type InflightRegistryOptions } from './InflightRegistry.js';

/** Options of {@link LiveRequests}. */
export interface LiveRequestsOptions extends TraceRingOptions {
  /** Most running server spans listed; see {@link InflightRegistry}. */
  readonly inflightTrackedLimit?: number;
  /** Most ended children waiting for their request, over all and per trace; see {@link InflightRegistry}. */
  readonly pendingLimit?: InflightRegistryOptions['pendingLimit'];
  /** How the URLs of held spans are masked (`GOLDEN_SIGNALS_REDACT_QUERY`); `sensitive` by default. */
  readonly redactQuery?: RedactQueryMode;
}

/** Epoch milliseconds of an ended span's end. */
function endMsOf(span: HeldSpan): number {
  const start = span.startTime;
  const duration = span.duration;
  return (start[0] + duration[0]) * 1e3 + (start[1] + duration[1]) / 1e6;
}

/**
 * What this process is doing and just did, below the store's rollups: the
 * server spans in flight, and the recent traces (server spans and their
 * local children). Fed by the dashboard's span processor; costs a map
 * insert at start, and at end a map delete and, for a trace the ring holds
 * (see TraceAdmission), a small copy and a push.
 */
export class LiveRequests<S extends HeldSpan = HeldSpan> {
  readonly inflight: InflightRegistry<S>;
  readonly traces: TraceRing;
  private readonly redact: RedactQueryMode;
  /** Each distinct statement is masked once, not per span. */
  private readonly statements = new StatementCache();

  constructor(options: LiveRequestsOptions = {}) {
    this.redact = options.redactQuery ?? DEFAULT_REDACT_QUERY;
    this.inflight = new InflightRegistry<S>({
      trackedLimit: options.inflightTrackedLimit,
      pendingLimit: options.pendingLimit,
      pendingPerTrace: options.spansPerTrace,
    });
    this.traces = new TraceRing(options);
  }

  /** A span started: a server span is in flight. */
  started(span: S): void {
    if (span.kind === SpanKind.SERVER) this.inflight.start(span);
  }

  /**
   * A span ended. A server span leaves the in-flight set; its trace is held
   * when the ring admits it (`exemplarCandidate`: the store kept the request
   * as one), with the children that ended while it ran. Another span waits
   * with its running request, or joins its trace when the ring holds it
   * already; background work with no request here is not held, so it does
   * not crowd requests out.
   */
  ended(span: S, exemplarCandidate = false): void {
    const traceId = span.spanContext().traceId;
    const ring = this.traces;
    if (span.kind === SpanKind.SERVER) {
      const error = span.status.code === SpanStatusCode.ERROR;
      if (ring.admits(traceId, endMsOf(span), error, exemplarCandidate)) {
        const pending = this.inflight.takePending(traceId);
        if (pending !== undefined) {
          for (const child of pending)
            ring.add(traceId, SpanRecord.of(child, this.redact, this.statements.normalize));
        }
        ring.add(traceId, SpanRecord.of(span, this.redact, this.statements.normalize));
      }
      this.inflight.end(span);
    } else if (ring.has(traceId)) {
      ring.add(traceId, SpanRecord.of(span, this.redact, this.statements.normalize));
    } else if (this.inflight.hasLiveTrace(traceId)) {
      if (!this.inflight.hold(traceId, span)) ring.countDropped(1);
    }
    // Otherwise background work: no request of its trace runs or is held here.
  }
}
