import type { CallRow } from './CallRow.js';

/** Most traces with calls waiting for their SERVER span; past it, the oldest trace's calls go unjoined. */
export const DEFAULT_PENDING_TRACE_LIMIT = 10_000;
/** Most calls of one trace waiting; past it, the trace's further calls go unjoined. */
export const DEFAULT_PENDING_CALLS_PER_TRACE = 1_000;
/** How long calls wait for a SERVER span of their trace before they count as unattributed. */
export const DEFAULT_PENDING_MAX_AGE_MS = 5 * 60_000;
/** Ageing runs at most this often: one look at the oldest trace, not one per call. */
const AGE_CHECK_MS = 1_000;

/** A finished call waiting for the SERVER span of its trace. */
export interface PendingCall {
  /** When the call started, epoch milliseconds (a SERVER span takes the calls that started within it). */
  readonly startMs: number;
  /** When it finished: the minute its loss is counted in, if it is lost. */
  readonly endMs: number;
  readonly durationMs: number;
  /** Span id of its parent; `''` when unknown. */
  readonly parentSpanId: string;
  readonly error: boolean;
  /** Its dependency row (the names as folded). */
  readonly row: CallRow;
  /** What N+1 counts: the normalised statement, else the operation (an HTTP method). */
  readonly statement: string;
}

/** Why calls left the join without a SERVER span. */
export type LostReason = 'unattributed' | 'unjoined';

interface PendingTrace {
  /** When its first call arrived, by the store's clock. */
  readonly addedMs: number;
  readonly calls: PendingCall[];
}

/**
 * The join of calls to requests: finished calls held by trace id until a
 * SERVER span of the same trace ends (a client span ends before its server
 * span), then taken by it. Bounded: traces, calls per trace and their age
 * each have a named limit; calls that leave without a SERVER span go to the
 * `lost` callback (unattributed when they aged out, unjoined when a limit
 * pushed them out), so the store counts them. Entries hold references to
 * rows and statements already held; nothing outlives its age.
 */
export class PendingCalls {
  private readonly traces = new Map<string, PendingTrace>();
  private nextAgeCheck = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly lost: (call: PendingCall, reason: LostReason) => void,
    readonly traceLimit: number = DEFAULT_PENDING_TRACE_LIMIT,
    readonly callsPerTrace: number = DEFAULT_PENDING_CALLS_PER_TRACE,
    readonly maxAgeMs: number = DEFAULT_PENDING_MAX_AGE_MS,
  ) {}

  /** Traces waiting. */
  get size(): number {
    return this.traces.size;
  }

  /** Holds a call of `traceId` (not empty) until its SERVER span ends. */
  add(traceId: string, call: PendingCall, nowMs: number): void {
    this.age(nowMs);
    let trace = this.traces.get(traceId);
    if (trace === undefined) {
      if (this.traces.size >= this.traceLimit) this.evictOldest('unjoined');
      trace = { addedMs: nowMs, calls: [] };
      this.traces.set(traceId, trace);
    } else if (trace.calls.length >= this.callsPerTrace) {
      this.lost(call, 'unjoined');
      return;
    }
    trace.calls.push(call);
  }

  /**
   * The calls of `traceId` that the SERVER span `serverSpanId` then ending
   * made: its direct children, and the others that started after it did
   * (`afterMs`). An SDK's span starts are whole milliseconds (`Date.now()`),
   * so a call of an outer SERVER span of the same trace (a request to
   * ourselves) can start in the same millisecond as the inner one: only a
   * strictly later start counts, and the outer span takes the rest later.
   * Undefined when none.
   */
  take(traceId: string, serverSpanId: string, afterMs: number): PendingCall[] | undefined {
    const trace = this.traces.get(traceId);
    if (trace === undefined) return undefined;
    const calls = trace.calls;
    const ours = (c: PendingCall) =>
      (serverSpanId !== '' && c.parentSpanId === serverSpanId) || c.startMs > afterMs;
    // Most traces have one SERVER span of ours: every call is its.
    if (allOf(calls, ours)) {
      this.traces.delete(traceId);
      return calls;
    }
    const taken: PendingCall[] = [];
    const kept: PendingCall[] = [];
    for (const c of calls) (ours(c) ? taken : kept).push(c);
    if (kept.length === 0) this.traces.delete(traceId);
    else this.traces.set(traceId, { addedMs: trace.addedMs, calls: kept });
    return taken.length === 0 ? undefined : taken;
  }

  /** Calls of traces waiting longer than the age limit leave as unattributed. */
  age(nowMs: number): void {
    if (nowMs < this.nextAgeCheck) return;
    this.nextAgeCheck = nowMs + AGE_CHECK_MS;
    const cutoff = nowMs - this.maxAgeMs;
    // Insertion order is arrival order: the oldest are first.
    for (const [traceId, trace] of this.traces) {
      if (trace.addedMs > cutoff) break;
      this.traces.delete(traceId);
      for (const c of trace.calls) this.lost(c, 'unattributed');
    }
  }

  /** Drops every waiting call, uncounted (a reset store). */
  clear(): void {
    this.traces.clear();
    this.nextAgeCheck = Number.NEGATIVE_INFINITY;
  }

  private evictOldest(reason: LostReason): void {
    for (const [traceId, trace] of this.traces) {
      this.traces.delete(traceId);
      for (const c of trace.calls) this.lost(c, reason);
      return;
    }
  }
}

/** True when `ours` holds for every call. */
function allOf(calls: readonly PendingCall[], ours: (c: PendingCall) => boolean): boolean {
  for (const c of calls) if (!ours(c)) return false;
  return true;
}
