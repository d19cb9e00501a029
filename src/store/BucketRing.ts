import { FrozenBucket } from './FrozenBucket.js';
import { floorTo } from './floorTo.js';
import { LiveBucket } from './LiveBucket.js';
import { RowTables } from './RowTables.js';

/**
 * One slot of a {@link BucketRing}: a bucket that is live (taking records)
 * until it is closed, then packed. A late record reopens a closed bucket;
 * the next close packs it again.
 */
export class BucketSlot {
  /** Start of the bucket held, or -1 for none. */
  start = -1;
  private live: LiveBucket | undefined;
  private frozen: FrozenBucket | undefined;
  /** The live form changed since `frozen` was packed. */
  private dirty = false;

  constructor(
    readonly widthMs: number,
    /** Where packed buckets name their rows. */
    private readonly tables: RowTables = new RowTables(),
  ) {}

  /** True while the slot holds a live form. */
  get isLive(): boolean {
    return this.live !== undefined;
  }

  /** Empties the slot for the bucket at `start`. */
  reset(start: number): void {
    this.start = start;
    this.live = undefined;
    this.frozen = undefined;
    this.dirty = false;
  }

  /** The live form to record into, reopening a packed bucket if needed. */
  open(): LiveBucket {
    if (this.live === undefined) {
      this.live = new LiveBucket();
      if (this.frozen !== undefined) this.live.addFrozen(this.frozen);
    }
    this.dirty = true;
    return this.live;
  }

  /** The packed form to read, re-packed if the live form changed; undefined when empty. */
  view(): FrozenBucket | undefined {
    if (this.live !== undefined && (this.dirty || this.frozen === undefined)) {
      this.frozen = FrozenBucket.freeze(this.start, this.widthMs, this.live, this.tables);
      this.dirty = false;
    }
    return this.frozen !== undefined && this.frozen.seriesCount > 0 ? this.frozen : undefined;
  }

  /** Packs the bucket and drops its live form. */
  close(): void {
    if (this.live === undefined) return;
    this.view();
    this.live = undefined;
  }
}

/**
 * A ring of `length` buckets of `widthMs` each. A slot is reused, and reset,
 * when a newer bucket claims it, so eviction needs no timer.
 */
export class BucketRing {
  readonly slots: readonly BucketSlot[];

  constructor(
    readonly widthMs: number,
    readonly length: number,
    /** Where packed buckets name their rows; one per store, shared by its rings. */
    tables: RowTables = new RowTables(),
  ) {
    this.slots = Array.from({ length }, () => new BucketSlot(widthMs, tables));
  }

  /** Start of the bucket holding `ms`. */
  startOf(ms: number): number {
    return floorTo(ms, this.widthMs);
  }

  /** Start of the oldest bucket kept when the newest starts at `newestStart`. */
  oldestStart(newestStart: number): number {
    return newestStart - (this.length - 1) * this.widthMs;
  }

  /** The slot holding the bucket at `start`, if it holds that bucket. */
  get(start: number): BucketSlot | undefined {
    const slot = this.slotOf(start);
    return slot.start === start ? slot : undefined;
  }

  /** The slot for the bucket at `start`, reset first if it still holds another bucket. */
  claim(start: number): BucketSlot {
    const slot = this.slotOf(start);
    if (slot.start !== start) slot.reset(start);
    return slot;
  }

  /** Resets every slot. */
  clear(): void {
    for (const slot of this.slots) slot.reset(-1);
  }

  private slotOf(start: number): BucketSlot {
    const index = Math.floor(start / this.widthMs) % this.length;
    return this.slots[index < 0 ? index + this.length : index] as BucketSlot;
  }
}
