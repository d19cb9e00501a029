type Packed = Uint8Array | Uint16Array | Uint32Array;

/** The narrowest unsigned typed array that holds every value of `values`. */
function narrowest(values: readonly number[]): Packed {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  if (max <= 0xff) return Uint8Array.from(values);
  if (max <= 0xffff) return Uint16Array.from(values);
  return Uint32Array.from(values);
}

/**
 * Counts by an integer key in one time bucket: a Map while the bucket takes
 * records, then packed: the sorted keys as gaps from the previous one and the
 * counts, each in the narrowest typed array that holds them (about 3 bytes an
 * entry for the error groups' minutes, not 8: a day of minutes over 500
 * routes is held). A late record reopens a packed bucket; {@link pack} packs
 * it again.
 */
export class CountBucket {
  private live: Map<number, number> | undefined = new Map();
  /** `keys[i] - keys[i - 1]` (the first from 0). */
  private gaps: Packed = new Uint8Array(0);
  private values: Packed = new Uint8Array(0);

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
    this.gaps = narrowest(keys.map((k, i) => k - (i === 0 ? 0 : (keys[i - 1] as number))));
    this.values = narrowest(keys.map((k) => live.get(k) ?? 0));
    this.live = undefined;
  }

  /** Calls `each` for every key and count. */
  forEach(each: (key: number, count: number) => void): void {
    if (this.live !== undefined) {
      for (const [k, n] of this.live) each(k, n);
      return;
    }
    let key = 0;
    for (let i = 0; i < this.gaps.length; i++) {
      key += this.gaps[i] as number;
      each(key, this.values[i] as number);
    }
  }

  /** Entries held. */
  get size(): number {
    return this.live?.size ?? this.gaps.length;
  }

  private open(): Map<number, number> {
    if (this.live === undefined) {
      const live = new Map<number, number>();
      this.forEach((k, n) => {
        live.set(k, n);
      });
      this.live = live;
      this.gaps = new Uint8Array(0);
      this.values = new Uint8Array(0);
    }
    return this.live;
  }
}
