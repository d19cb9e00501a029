import { varintLength, writeVarint } from '../sketch/byteInts.js';

const EMPTY = new Uint8Array(0);

/**
 * Counts by an integer key in one time bucket: a Map while the bucket takes
 * records, then packed into one byte array: per key in ascending order, its
 * gap from the previous key (the first from 0) and its count, each a varint
 * (LEB128). About 3 bytes an entry for the error groups' minutes, and one
 * buffer per bucket rather than two: a day of minutes over 500 routes is
 * held, and each typed array costs some hundred bytes of its own. A late
 * record reopens a packed bucket; {@link pack} packs it again.
 */
export class CountBucket {
  private live: Map<number, number> | undefined = new Map();
  private packed: Uint8Array = EMPTY;
  /** Entries in `packed`. */
  private entries = 0;

  /** Adds `n` to `key`. */
  add(key: number, n = 1): void {
    const live = this.open();
    live.set(key, (live.get(key) ?? 0) + n);
  }

  /** True while not packed. */
  get isLive(): boolean {
    return this.live !== undefined;
  }

  /** Packs the counts. */
  pack(): void {
    if (this.live === undefined) return;
    const live = this.live;
    const keys = [...live.keys()].sort((a, b) => a - b);
    let length = 0;
    let previous = 0;
    for (const k of keys) {
      length += varintLength(k - previous) + varintLength(live.get(k) ?? 0);
      previous = k;
    }
    const packed = length === 0 ? EMPTY : new Uint8Array(length);
    let p = 0;
    previous = 0;
    for (const k of keys) {
      p = writeVarint(packed, p, k - previous);
      p = writeVarint(packed, p, live.get(k) ?? 0);
      previous = k;
    }
    this.packed = packed;
    this.entries = keys.length;
    this.live = undefined;
  }

  /** Calls `each` for every key and count. */
  forEach(each: (key: number, count: number) => void): void {
    if (this.live !== undefined) {
      for (const [k, n] of this.live) each(k, n);
      return;
    }
    const bytes = this.packed;
    let key = 0;
    let p = 0;
    while (p < bytes.length) {
      // Two varints: the gap, then the count.
      let gap = 0;
      let scale = 1;
      let b: number;
      do {
        b = bytes[p++] as number;
        gap += (b & 127) * scale;
        scale *= 128;
      } while (b >= 128);
      let count = 0;
      scale = 1;
      do {
        b = bytes[p++] as number;
        count += (b & 127) * scale;
        scale *= 128;
      } while (b >= 128);
      key += gap;
      each(key, count);
    }
  }

  /** Entries held. */
  get size(): number {
    return this.live?.size ?? this.entries;
  }

  private open(): Map<number, number> {
    if (this.live === undefined) {
      const live = new Map<number, number>();
      this.forEach((k, n) => {
        live.set(k, n);
      });
      this.live = live;
      this.packed = EMPTY;
      this.entries = 0;
    }
    return this.live;
  }
}
