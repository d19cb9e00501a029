import type { HeldSpan } from '../traces/HeldSpan.js';

/** Most live server spans tracked for the in-flight list; past it they are counted, not listed. */
export const DEFAULT_INFLIGHT_TRACKED_LIMIT = 10_000;

function startMsOf(span: HeldSpan): number {
  return span.startTime[0] * 1e3 + span.startTime[1] / 1e6;
}

/**
 * The server spans running now, and by trace, so the trace ring can tell a
 * request's children from unrelated spans. One map keyed by trace id (a
 * `Map` keeps insertion order, so the oldest trace comes first) holds the
 * trace's one running server span, or, in the rare trace with several (a
 * service calling itself), an array of them: a request costs one map
 * insert at start and one delete at end. Bounded: past
 * {@link DEFAULT_INFLIGHT_TRACKED_LIMIT} a span is counted in
 * {@link untracked} and not listed. Holds span objects only while they
 * run; nothing is kept after they end.
 */
export class InflightRegistry<S extends HeldSpan = HeldSpan> {
  private readonly byTrace = new Map<string, S | S[]>();
  private tracked = 0;
  /** Traces held as an array (they had several tracked spans at once): then the listing is sorted. */
  private shared = 0;
  private untrackedCount = 0;

  constructor(readonly trackedLimit: number = DEFAULT_INFLIGHT_TRACKED_LIMIT) {
    if (!Number.isInteger(trackedLimit) || trackedLimit < 0) {
      throw new RangeError(`trackedLimit must be a non-negative integer, got: ${trackedLimit}`);
    }
  }

  /** Server spans tracked now. */
  get size(): number {
    return this.tracked;
  }

  /** Server spans that started while the registry was full, since start. */
  get untracked(): number {
    return this.untrackedCount;
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
    } else if (Array.isArray(held)) {
      held.push(span);
    } else {
      this.byTrace.set(traceId, [held, span]);
      this.shared++;
    }
  }

  /** A server span ended; one never tracked is ignored. */
  end(span: S): void {
    const traceId = span.spanContext().traceId;
    const held = this.byTrace.get(traceId);
    if (held === span) {
      this.byTrace.delete(traceId);
      this.tracked--;
      return;
    }
    if (!Array.isArray(held)) return;
    const at = held.indexOf(span);
    if (at < 0) return;
    held.splice(at, 1);
    this.tracked--;
    // Kept an array (and the listing sorted) until the trace's last span ends:
    // its remaining span may have started after other traces' spans.
    if (held.length === 0) {
      this.byTrace.delete(traceId);
      this.shared--;
    }
  }

  /** True while the trace has a tracked server span running in this process. */
  hasLiveTrace(traceId: string): boolean {
    return this.byTrace.has(traceId);
  }

  /** The tracked server spans, oldest first. */
  values(): IterableIterator<S> {
    if (this.shared === 0) return this.byTrace.values() as IterableIterator<S>;
    // A trace's later server span started after spans of other traces: sort.
    const all = [...this.byTrace.values()].flat() as S[];
    all.sort((a, b) => startMsOf(a) - startMsOf(b));
    return all.values();
  }
}
