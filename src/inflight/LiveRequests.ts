import { SpanKind } from '@opentelemetry/api';
import type { HeldSpan } from '../traces/HeldSpan.js';
import { SpanRecord } from '../traces/SpanRecord.js';
import { TraceRing, type TraceRingOptions } from '../traces/TraceRing.js';
import { InflightRegistry } from './InflightRegistry.js';

/** Options of {@link LiveRequests}. */
export interface LiveRequestsOptions extends TraceRingOptions {
  /** Most running server spans listed; see {@link InflightRegistry}. */
  readonly inflightTrackedLimit?: number;
}

/**
 * What this process is doing and just did, below the store's rollups: the
 * server spans in flight, and the recent traces (server spans and their
 * local children). Fed by the dashboard's span processor; costs a set
 * insert at start, and at end a map look-up, a small copy and a push.
 */
export class LiveRequests<S extends HeldSpan = HeldSpan> {
  readonly inflight: InflightRegistry<S>;
  readonly traces: TraceRing;

  constructor(options: LiveRequestsOptions = {}) {
    this.inflight = new InflightRegistry<S>(options.inflightTrackedLimit);
    this.traces = new TraceRing(options);
  }

  /** A span started: a server span is in flight. */
  started(span: S): void {
    if (span.kind === SpanKind.SERVER) this.inflight.start(span);
  }

  /**
   * A span ended: a server span leaves the in-flight set and is held with
   * its trace; another span is held when its trace has a server span here
   * (running, or already held), so background work does not crowd requests out.
   */
  ended(span: S): void {
    const traceId = span.spanContext().traceId;
    if (span.kind === SpanKind.SERVER) {
      this.inflight.end(span);
      this.traces.add(traceId, SpanRecord.of(span));
    } else if (this.inflight.hasLiveTrace(traceId) || this.traces.has(traceId)) {
      this.traces.add(traceId, SpanRecord.of(span));
    }
  }
}
