import type { EndpointKey } from '../EndpointKey.js';
import { SlowestColumns } from './SlowestColumns.js';

/**
 * The `k` slowest requests of one row in the current minute, slowest first,
 * in columns of `k` slots. The hot path: a request no slower than the last
 * of a full list costs one comparison; one that enters shifts the slower
 * tail of a tiny sorted array. Of equal durations the first recorded stays.
 */
export class SlowestList extends SlowestColumns {
  /** Duration a request must exceed to enter once the list is full. */
  private floor = Number.NEGATIVE_INFINITY;

  constructor(readonly k: number) {
    super(k);
  }

  /** Offers one request; true when it entered. */
  offer(
    key: EndpointKey,
    ts: number,
    d: number,
    status: number,
    method: string,
    traceId: string,
  ): boolean {
    if (d <= this.floor) return false;
    let at = this.size < this.k ? this.size : this.k - 1;
    // Shifting within one buffer is safe: `copy` reads a row before it writes the next.
    while (at > 0 && (this.durations[at - 1] as number) < d) {
      this.copy(this, at - 1, at);
      at--;
    }
    this.set(at, key, ts, d, status, method, traceId);
    if (this.size < this.k) this.size++;
    if (this.size === this.k) this.floor = this.durations[this.k - 1] as number;
    return true;
  }

  /** Row indexes, oldest first (for merging into a time-ordered run). */
  byTime(): number[] {
    return Array.from({ length: this.size }, (_, i) => i).sort(
      (a, b) => (this.times[a] as number) - (this.times[b] as number),
    );
  }
}
