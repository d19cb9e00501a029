/** The detail kept for one error, for the `recent` list. */
export interface ErrorEntry {
  readonly timestampMs: number;
  /** Service of the source it was counted under. */
  readonly service: string;
  /** Instance of the source it was counted under. */
  readonly instance: string;
  readonly endpoint: string;
  readonly method: string;
  readonly errorType: string;
  /** At most {@link MAX_ERROR_MESSAGE_LENGTH} characters. */
  readonly message: string;
  readonly statusCode: number;
  /** Empty when the span had no valid trace id. */
  readonly traceId: string;
  /** The server span's id; absent when it had none (so older snapshots read the same). */
  readonly spanId?: string | undefined;
}

/** Longest message kept, as in the original design's `[:200]`. */
export const MAX_ERROR_MESSAGE_LENGTH = 200;

/** What a store shows of its {@link ErrorRing}: its entries and size, not its writes. */
export type RecentErrors = Pick<ErrorRing, 'capacity' | 'size' | 'entries' | 'newest'>;

/**
 * A fixed-size ring of the newest errors. Pushing past the capacity overwrites
 * the oldest entry, so memory stays bounded whatever the error rate.
 * Exact error counts live in the store's rollups, not here.
 */
export class ErrorRing {
  private readonly slots: (ErrorEntry | undefined)[];
  /** Index where the next entry goes. */
  private next = 0;
  private filled = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ErrorRing capacity must be a positive integer, got: ${capacity}`);
    }
    this.slots = Array.from({ length: capacity }, () => undefined);
  }

  /** Number of entries held, at most the capacity. */
  get size(): number {
    return this.filled;
  }

  /** Adds an entry, truncating its message. */
  push(entry: ErrorEntry): void {
    const message =
      entry.message.length > MAX_ERROR_MESSAGE_LENGTH
        ? entry.message.slice(0, MAX_ERROR_MESSAGE_LENGTH)
        : entry.message;
    this.slots[this.next] = message === entry.message ? entry : { ...entry, message };
    this.next = (this.next + 1) % this.capacity;
    if (this.filled < this.capacity) this.filled++;
  }

  /** Every entry held, oldest pushed first. */
  entries(): ErrorEntry[] {
    const out: ErrorEntry[] = [];
    for (let i = this.filled; i >= 1; i--) {
      const entry = this.slots[(this.next - i + this.capacity) % this.capacity];
      if (entry !== undefined) out.push(entry);
    }
    return out;
  }

  /** Removes every entry. */
  clear(): void {
    this.slots.fill(undefined);
    this.next = 0;
    this.filled = 0;
  }

  /**
   * Up to `limit` entries with `timestampMs >= sinceMs`, newest first. Spans
   * can finish a little out of order, so every held entry is considered, not
   * only the last `limit` pushed; the ring is small, so this stays cheap.
   * `accept` keeps only some entries (a query's service or instance).
   */
  newest(
    limit: number,
    sinceMs: number,
    accept: (entry: ErrorEntry) => boolean = () => true,
  ): ErrorEntry[] {
    const out: ErrorEntry[] = [];
    for (const entry of this.slots) {
      if (entry !== undefined && entry.timestampMs >= sinceMs && accept(entry)) out.push(entry);
    }
    return out.sort((a, b) => b.timestampMs - a.timestampMs).slice(0, limit);
  }
}
