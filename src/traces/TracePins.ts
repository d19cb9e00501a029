import type { HeldTrace } from './TraceRing.js';

/** Traces pinned at once unless configured: room for what a few open pages list. */
export const DEFAULT_PIN_LIMIT = 500;
/**
 * How long a pin lasts after the last answer that listed its trace: a page
 * re-lists what it shows every 5 s, so a closed tab's pins lapse.
 */
export const DEFAULT_PIN_TTL_MS = 15 * 60_000;

/** What the pins hold and let go, for the ring's stats. */
export interface TracePinStats {
  /** Trace ids listed by an answer within the pin's time to live. */
  pinned_traces: number;
  pin_limit: number;
  /** Pinned traces the ring evicted and the pins keep, so their links still open. */
  kept_pinned_traces: number;
  /** Pins let go early because more traces were listed than {@link pin_limit}. */
  dropped_pins: number;
}

/**
 * The trace ids that answers listed as links (slowest requests, error
 * samples, recent errors), each until its time to live runs out, bounded
 * by a limit (the least recently listed goes first, counted). When the
 * ring evicts a pinned trace, the pins keep it, so a link the page shows
 * opens for as long as the page shows it. Time is given with each call:
 * expiry happens when pins are written, never on a timer.
 */
export class TracePins {
  /** Pinned ids in the order they were last listed, with when each lapses. */
  private readonly until = new Map<string, number>();
  private readonly kept = new Map<string, HeldTrace>();
  private dropped = 0;

  /** @throws RangeError when the limit or the time to live is not a non-negative integer. */
  constructor(
    readonly limit: number = DEFAULT_PIN_LIMIT,
    readonly ttlMs: number = DEFAULT_PIN_TTL_MS,
  ) {
    for (const [name, v] of [
      ['pinLimit', limit],
      ['pinTtlMs', ttlMs],
    ] as const) {
      if (!Number.isInteger(v) || v < 0) {
        throw new RangeError(`${name} must be a non-negative integer, got: ${v}`);
      }
    }
  }

  /** Pins `traceId` until `nowMs` + the time to live, letting lapsed and surplus pins go. */
  pin(traceId: string, nowMs: number): void {
    this.expire(nowMs);
    if (this.limit === 0) return;
    this.until.delete(traceId);
    this.until.set(traceId, nowMs + this.ttlMs);
    while (this.until.size > this.limit) {
      const oldest = this.until.keys().next().value as string;
      this.unpin(oldest);
      this.dropped++;
    }
  }

  /** Keeps an evicted trace when it is pinned; false when it is not (the ring lets it go). */
  keep(trace: HeldTrace): boolean {
    if (!this.until.has(trace.traceId)) return false;
    this.kept.set(trace.traceId, trace);
    return true;
  }

  /** The kept (evicted but pinned) trace `traceId`, if any. */
  keptTrace(traceId: string): HeldTrace | undefined {
    return this.kept.get(traceId);
  }

  /** Counts and limit. */
  stats(): TracePinStats {
    return {
      pinned_traces: this.until.size,
      pin_limit: this.limit,
      kept_pinned_traces: this.kept.size,
      dropped_pins: this.dropped,
    };
  }

  private expire(nowMs: number): void {
    // Listed in order, each with the same time to live: the lapsed ones come first.
    for (const [id, until] of this.until) {
      if (until > nowMs) break;
      this.unpin(id);
    }
  }

  private unpin(traceId: string): void {
    this.until.delete(traceId);
    this.kept.delete(traceId);
  }
}
