import type { HeldSpan } from '../traces/HeldSpan.js';
import { requireLimits } from '../traces/requireLimits.js';

/** Most live server spans tracked for the in-flight list; past it they are counted, not listed. */
export const DEFAULT_INFLIGHT_TRACKED_LIMIT = 10_000;
/** Most ended child spans waiting, over all running requests, for their request to end. */
export const DEFAULT_PENDING_SPAN_LIMIT = 5_000;
/** Most waiting children of one trace (the trace ring's own per-trace cap). */
export const DEFAULT_PENDING_SPANS_PER_TRACE = 100;

function startMsOf(span: HeldSpan): number {
  return span.startTime[0] * 1e3 + span.startTime[1] / 1e6;
}

/** A trace with more here than one running server span: several of them, or ended children waiting. */
class LiveTrace<S> {
  /** The span objects themselves: copied only if the trace ring takes them. */
  pending: HeldSpan[] = [];
  constructor(readonly spans: S[]) {}
}

/** Options of an {@link InflightRegistry}; each has a default. */
export interface InflightRegistryOptions {
  readonly trackedLimit?: number;
  readonly pendingLimit?: number;
  readonly pendingPerTrace?: number;
}

/**
 * The server spans running now, by trace. One map keyed by trace id (a
 * `Map` keeps insertion order, so the oldest trace comes first) holds the
 * trace's one running server span: a request costs one map insert at start
 * and one delete at end. A trace with more (a service calling itself, or
 * children that ended while their request runs, which wait here until the
 * trace ring decides whether to hold the trace) gets a small object
 * instead. Bounded: past the tracked limit a server span is counted in
 * {@link untracked} and not listed; past the pending limits a child is
 * counted in {@link droppedPending}. Holds spans only while their request
 * runs.
 */
export class InflightRegistry<S extends HeldSpan = HeldSpan> {
  readonly trackedLimit: number;
  readonly pendingLimit: number;
  readonly pendingPerTrace: number;
  private readonly byTrace = new Map<string, S | LiveTrace<S>>();
  private tracked = 0;
  /** Entries that are LiveTrace objects: while any is, the listing is sorted. */
  private multi = 0;
  private pendingCount = 0;
  private untrackedCount = 0;
  private droppedPendingCount = 0;

  /** `options` may be the tracked limit alone. @throws RangeError when a limit is not a non-negative integer. */
  constructor(options: InflightRegistryOptions | number = {}) {
    const o = typeof options === 'number' ? { trackedLimit: options } : options;
    this.trackedLimit = o.trackedLimit ?? DEFAULT_INFLIGHT_TRACKED_LIMIT;
    this.pendingLimit = o.pendingLimit ?? DEFAULT_PENDING_SPAN_LIMIT;
    this.pendingPerTrace = o.pendingPerTrace ?? DEFAULT_PENDING_SPANS_PER_TRACE;
    requireLimits({
      trackedLimit: this.trackedLimit,
      pendingLimit: this.pendingLimit,
      pendingPerTrace: this.pendingPerTrace,
    });
  }

  /** Server spans tracked now. */
  get size(): number {
    return this.tracked;
  }

  /** Server spans that started while the registry was full, since start. */
  get untracked(): number {
    return this.untrackedCount;
  }

  /** Children that could not wait (a pending limit was reached), since start. */
  get droppedPending(): number {
    return this.droppedPendingCount;
  }

  /** A server span started. */
  start(span: S): void {
    if (this.tracked >= this.trackedLimit) {
      this.untrackedCount++;
      return;
    }
    this.tracked++;
    const traceId = span.spanContext().traceId;
    const held = this.byTrace.get(traceId);
    if (held === undefined) {
      this.byTrace.set(traceId, span);
    } else if (held instanceof LiveTrace) {
      held.spans.push(span);
    } else {
      this.byTrace.set(traceId, new LiveTrace([held, span]));
      this.multi++;
    }
  }

  /**
   * A server span ended; one never tracked is ignored. When it was its
   * trace's last, the trace's waiting children go too: take them first
   * ({@link takePending}) to keep them.
   */
  end(span: S): void {
    const traceId = span.spanContext().traceId;
    const held = this.byTrace.get(traceId);
    if (held === span) {
      this.byTrace.delete(traceId);
      this.tracked--;
      return;
    }
    if (!(held instanceof LiveTrace)) return;
    const at = held.spans.indexOf(span);
    if (at < 0) return;
    held.spans.splice(at, 1);
    this.tracked--;
    // A LiveTrace stays one (and the listing sorted) until its last span ends:
    // a remaining span may have started after other traces' spans.
    if (held.spans.length === 0) {
      this.byTrace.delete(traceId);
      this.multi--;
      this.pendingCount -= held.pending.length;
    }
  }

  /** True while the trace has a tracked server span running in this process. */
  hasLiveTrace(traceId: string): boolean {
    return this.byTrace.has(traceId);
  }

  /**
   * Keeps an ended child of a running trace until the trace's request ends.
   * False when it was not kept: the trace runs no tracked server span here,
   * or a pending limit is reached (then counted in {@link droppedPending}).
   */
  hold(traceId: string, child: HeldSpan): boolean {
    const held = this.byTrace.get(traceId);
    if (held === undefined) return false;
    let trace: LiveTrace<S>;
    if (held instanceof LiveTrace) {
      trace = held;
    } else {
      trace = new LiveTrace([held]);
      this.byTrace.set(traceId, trace);
      this.multi++;
    }
    if (this.pendingCount >= this.pendingLimit || trace.pending.length >= this.pendingPerTrace) {
      this.droppedPendingCount++;
      return false;
    }
    trace.pending.push(child);
    this.pendingCount++;
    return true;
  }

  /** The trace's waiting children, in the order they ended, now handed over; undefined when none. */
  takePending(traceId: string): HeldSpan[] | undefined {
    const held = this.byTrace.get(traceId);
    if (!(held instanceof LiveTrace) || held.pending.length === 0) return undefined;
    const { pending } = held;
    held.pending = [];
    this.pendingCount -= pending.length;
    return pending;
  }

  /** The tracked server spans, oldest first. */
  values(): IterableIterator<S> {
    if (this.multi === 0) return this.byTrace.values() as IterableIterator<S>;
    const all: S[] = [];
    for (const held of this.byTrace.values()) {
      if (held instanceof LiveTrace) all.push(...held.spans);
      else all.push(held);
    }
    // A trace's later server span started after spans of other traces: sort.
    all.sort((a, b) => startMsOf(a) - startMsOf(b));
    return all.values();
  }
}
