import type { HeldSpan } from '../traces/HeldSpan.js';

/** Most live server spans tracked for the in-flight list; past it they are counted, not listed. */
export const DEFAULT_INFLIGHT_TRACKED_LIMIT = 10_000;

/**
 * The server spans running now, in start order (a `Set` keeps insertion
 * order, so the oldest comes first), and how many live server spans each
 * trace has, so the trace ring can tell a request's children from
 * unrelated spans. Bounded: past {@link DEFAULT_INFLIGHT_TRACKED_LIMIT} a
 * span is counted in {@link untracked} and not listed. Holds span objects
 * only while they run; nothing is kept after they end.
 */
export class InflightRegistry<S extends HeldSpan = HeldSpan> {
  private readonly live = new Set<S>();
  private readonly traceCounts = new Map<string, number>();
  private untrackedCount = 0;

  constructor(readonly trackedLimit: number = DEFAULT_INFLIGHT_TRACKED_LIMIT) {
    if (!Number.isInteger(trackedLimit) || trackedLimit < 0) {
      throw new RangeError(`trackedLimit must be a non-negative integer, got: ${trackedLimit}`);
    }
  }

  /** Server spans tracked now. */
  get size(): number {
    return this.live.size;
  }

  /** Server spans that started while the registry was full, since start. */
  get untracked(): number {
    return this.untrackedCount;
  }

  /** A server span started. */
  start(span: S): void {
    if (this.live.size >= this.trackedLimit) {
      this.untrackedCount++;
      return;
    }
    this.live.add(span);
    const traceId = span.spanContext().traceId;
    this.traceCounts.set(traceId, (this.traceCounts.get(traceId) ?? 0) + 1);
  }

  /** A server span ended; one never tracked is ignored. */
  end(span: S): void {
    if (!this.live.delete(span)) return;
    const traceId = span.spanContext().traceId;
    const n = this.traceCounts.get(traceId) ?? 0;
    if (n <= 1) this.traceCounts.delete(traceId);
    else this.traceCounts.set(traceId, n - 1);
  }

  /** True while the trace has a tracked server span running in this process. */
  hasLiveTrace(traceId: string): boolean {
    return this.traceCounts.has(traceId);
  }

  /** The tracked server spans, oldest first. */
  values(): IterableIterator<S> {
    return this.live.values();
  }
}
