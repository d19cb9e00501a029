import { floorTo } from '../floorTo.js';

/**
 * A ring of `length` buckets of `widthMs` each, by start time: a newer
 * bucket claiming a slot evicts the older one it held, so eviction needs no
 * timer. The rings of {@link MinuteHourRings}, which the drill-down stores
 * (exemplars, error groups, saturation) keep beside the store's tiers.
 */
export class TimeRing<B> {
  private readonly starts: Float64Array;
  private readonly items: (B | undefined)[];

  constructor(
    readonly widthMs: number,
    readonly length: number,
  ) {
    if (!Number.isInteger(length) || length < 1) {
      throw new RangeError(`TimeRing length must be a positive integer, got: ${length}`);
    }
    this.starts = new Float64Array(length).fill(Number.NaN);
    this.items = Array.from({ length }, () => undefined);
  }

  /** Start of the bucket of this ring's width holding `ms`. */
  startOf(ms: number): number {
    return floorTo(ms, this.widthMs);
  }

  /** Start of the oldest bucket kept when the newest starts at `newestStart`. */
  oldestStart(newestStart: number): number {
    return newestStart - (this.length - 1) * this.widthMs;
  }

  /** The bucket at `start`, if held. */
  get(start: number): B | undefined {
    const i = this.slotOf(start);
    return this.starts[i] === start ? this.items[i] : undefined;
  }

  /** Puts `item` at `start`; returns the bucket it evicted (another start), if any. */
  set(start: number, item: B): B | undefined {
    const i = this.slotOf(start);
    const evicted = this.starts[i] === start ? undefined : this.items[i];
    this.starts[i] = start;
    this.items[i] = item;
    return evicted;
  }

  /** Every bucket held, with its start, oldest first. */
  entries(): [number, B][] {
    const out: [number, B][] = [];
    for (let i = 0; i < this.length; i++) {
      const item = this.items[i];
      if (item !== undefined) out.push([this.starts[i] as number, item]);
    }
    return out.sort((a, b) => a[0] - b[0]);
  }

  /** Drops every bucket that starts before `oldest`; returns them. */
  evictBefore(oldest: number): B[] {
    const out: B[] = [];
    for (let i = 0; i < this.length; i++) {
      const item = this.items[i];
      if (item === undefined || (this.starts[i] as number) >= oldest) continue;
      out.push(item);
      this.items[i] = undefined;
      this.starts[i] = Number.NaN;
    }
    return out;
  }

  /** Empties the ring. */
  clear(): void {
    this.starts.fill(Number.NaN);
    this.items.fill(undefined);
  }

  private slotOf(start: number): number {
    const index = Math.floor(start / this.widthMs) % this.length;
    return index < 0 ? index + this.length : index;
  }
}
