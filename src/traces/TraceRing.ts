import { requireLimits } from './requireLimits.js';
import type { SpanRecord } from './SpanRecord.js';
import { TraceAdmission, type TraceAdmissionOptions } from './TraceAdmission.js';
import { type TracePinStats, TracePins } from './TracePins.js';

/** Traces held unless configured: the newest 1,000. */
export const DEFAULT_TRACE_LIMIT = 1_000;
/** Spans held per trace; later spans of a full trace are dropped and counted. */
export const DEFAULT_SPANS_PER_TRACE = 100;
/** Spans held over all traces; past it the oldest traces are evicted. */
export const DEFAULT_HELD_SPAN_LIMIT = 5_000;

/** One held trace: its spans in the order they ended, and how many it lost to the per-trace cap. */
export interface HeldTrace {
  readonly traceId: string;
  readonly spans: SpanRecord[];
  droppedSpans: number;
}

/** Limits of a {@link TraceRing}; each has a default. */
export interface TraceRingOptions extends TraceAdmissionOptions {
  /** Most traces held; 0 holds none (the ring is off). */
  readonly traceLimit?: number;
  readonly spansPerTrace?: number;
  readonly spanLimit?: number;
  /** Most traces pinned by the answers that list them (see {@link TracePins}). */
  readonly pinLimit?: number;
  /** How long a pin lasts after the last answer that listed its trace. */
  readonly pinTtlMs?: number;
}

/** What the ring holds and what it let go, for the JSON it serves. */
export interface TraceRingStats extends TracePinStats {
  traces: number;
  spans: number;
  trace_limit: number;
  spans_per_trace: number;
  span_limit: number;
  /** Traces evicted (oldest first) to make room. */
  evicted_traces: number;
  /** Spans not held because their trace was full, the ring is off, or too many children waited for their request. */
  dropped_spans: number;
  /** Traces held whatever they are, each second; past it only exemplar candidates and errors (see TraceAdmission). */
  traces_per_second: number;
  error_traces_per_second: number;
  /** Traces not held since start: past the rate, and neither an exemplar candidate nor an error within its rate. */
  passed_over_traces: number;
}

/**
 * The recent traces of this process, by trace id: a bounded map in
 * first-seen order, so the oldest trace is evicted first. {@link add} holds
 * a {@link SpanRecord} (one map look-up and one push), and the view
 * converts it when asked. Bounded three ways: traces, spans per trace, spans
 * in all; every span or trace let go is counted.
 */
export class TraceRing {
  readonly traceLimit: number;
  readonly spansPerTrace: number;
  readonly spanLimit: number;
  private readonly traces = new Map<string, HeldTrace>();
  /**
   * The held traces in first-seen order, as a circular buffer: evicting
   * from the front of a `Map` makes its iterator skip every deleted entry
   * until the table is rehashed, which costs microseconds per span.
   */
  private readonly order: (HeldTrace | undefined)[];
  private head = 0;
  private held = 0;
  private evicted = 0;
  private dropped = 0;
  private readonly admission: TraceAdmission;
  private readonly pins: TracePins;

  /** @throws RangeError when a limit is not a non-negative integer, or the span limit is below the per-trace one. */
  constructor(options: TraceRingOptions = {}) {
    this.traceLimit = options.traceLimit ?? DEFAULT_TRACE_LIMIT;
    this.spansPerTrace = options.spansPerTrace ?? DEFAULT_SPANS_PER_TRACE;
    this.spanLimit = options.spanLimit ?? DEFAULT_HELD_SPAN_LIMIT;
    requireLimits({
      traceLimit: this.traceLimit,
      spansPerTrace: this.spansPerTrace,
      spanLimit: this.spanLimit,
    });
    // A single full trace must fit, or adding to it could evict it.
    if (this.spanLimit < this.spansPerTrace) {
      throw new RangeError(
        `spanLimit (${this.spanLimit}) must be at least spansPerTrace (${this.spansPerTrace})`,
      );
    }
    this.order = new Array<HeldTrace | undefined>(this.traceLimit).fill(undefined);
    this.admission = new TraceAdmission(options);
    this.pins = new TracePins(options.pinLimit, options.pinTtlMs);
  }

  /**
   * Whether to hold the trace of a server span that ended at `endMs`: always
   * when the trace is held already, else as {@link TraceAdmission} decides.
   */
  admits(traceId: string, endMs: number, error: boolean, exemplarCandidate: boolean): boolean {
    return this.traces.has(traceId) || this.admission.admit(endMs, error, exemplarCandidate);
  }

  /** Counts spans let go before they reached the ring (in {@link TraceRingStats.dropped_spans}). */
  countDropped(spans: number): void {
    this.dropped += spans;
  }

  /** True when `traceId` has spans held (in the ring, or kept by its pin). */
  has(traceId: string): boolean {
    return this.traces.has(traceId) || this.pins.keptTrace(traceId) !== undefined;
  }

  /**
   * Pins the held traces among `traceIds`, which an answer lists as links,
   * until `nowMs` + the pins' time to live: evicted meanwhile, they are kept.
   */
  pin(traceIds: Iterable<string>, nowMs: number): void {
    for (const id of traceIds) if (this.has(id)) this.pins.pin(id, nowMs);
  }

  /** Holds an ended span of the trace `traceId`. */
  add(traceId: string, span: SpanRecord): void {
    let trace = this.traces.get(traceId);
    const kept = trace === undefined ? this.pins.keptTrace(traceId) : undefined;
    if (kept !== undefined) {
      // Evicted but pinned: its late spans join it, outside the ring's span count.
      this.push(kept, span);
      return;
    }
    if (trace === undefined) {
      if (this.traceLimit === 0) {
        this.dropped++;
        return;
      }
      if (this.traces.size >= this.traceLimit) this.evictOldest();
      trace = { traceId, spans: [], droppedSpans: 0 };
      this.traces.set(traceId, trace);
      this.order[(this.head + this.traces.size - 1) % this.traceLimit] = trace;
    }
    if (!this.push(trace, span)) return;
    this.held++;
    while (this.held > this.spanLimit) this.evictOldest();
  }

  /** The trace `traceId`, if still held (in the ring, or kept by its pin). */
  get(traceId: string): HeldTrace | undefined {
    return this.traces.get(traceId) ?? this.pins.keptTrace(traceId);
  }

  /** Up to `limit` held traces, newest first. */
  newest(limit: number): HeldTrace[] {
    const out: HeldTrace[] = [];
    for (let i = this.traces.size - 1; i >= 0 && out.length < limit; i--) {
      out.push(this.order[(this.head + i) % this.traceLimit] as HeldTrace);
    }
    return out;
  }

  /** Counts and limits. */
  stats(): TraceRingStats {
    return {
      traces: this.traces.size,
      spans: this.held,
      trace_limit: this.traceLimit,
      spans_per_trace: this.spansPerTrace,
      span_limit: this.spanLimit,
      evicted_traces: this.evicted,
      dropped_spans: this.dropped,
      traces_per_second: this.admission.tracesPerSecond,
      error_traces_per_second: this.admission.errorTracesPerSecond,
      passed_over_traces: this.admission.passedOver,
      ...this.pins.stats(),
    };
  }

  /** Appends `span` to `trace` unless the trace is full (then counted); true when appended. */
  private push(trace: HeldTrace, span: SpanRecord): boolean {
    if (trace.spans.length >= this.spansPerTrace) {
      trace.droppedSpans++;
      this.dropped++;
      return false;
    }
    trace.spans.push(span);
    return true;
  }

  private evictOldest(): void {
    const oldest = this.traces.size === 0 ? undefined : this.order[this.head];
    if (oldest === undefined) return;
    this.order[this.head] = undefined;
    this.head = (this.head + 1) % this.traceLimit;
    this.traces.delete(oldest.traceId);
    this.held -= oldest.spans.length;
    this.evicted++;
    // A trace an answer listed as a link stays reachable while its pin lasts.
    this.pins.keep(oldest);
  }
}
