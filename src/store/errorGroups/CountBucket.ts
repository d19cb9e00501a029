/**
 * Counts by an integer key in one time bucket: a Map while the bucket takes
 * records, then packed into two sorted typed arrays (8 bytes an entry). A
 * late record reopens a packed bucket; {@link pack} packs it again.
 */
export class CountBucket {
  private live: Map<number, number> | undefined = new Map();
  private keys: Uint32Array = new Uint32Array(0);
  private values: Uint32Array = new Uint32Array(0);

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
    const keys = [...this.live.keys()].sort((a, b) => a - b);
    this.keys = Uint32Array.from(keys);
    this.values = Uint32Array.from(keys, (k) => this.live?.get(k) ?? 0);
    this.live = undefined;
  }

  /** Calls `each` for every key and count. */
  forEach(each: (key: number, count: number) => void): void {
    if (this.live !== undefined) {
      for (const [k, n] of this.live) each(k, n);
      return;
    }
    for (let i = 0; i < this.keys.length; i++)
      each(this.keys[i] as number, this.values[i] as number);
  }

  /** Entries held. */
  get size(): number {
    return this.live?.size ?? this.keys.length;
  }

  private open(): Map<number, number> {
    if (this.live === undefined) {
      this.live = new Map();
      for (let i = 0; i < this.keys.length; i++) {
        this.live.set(this.keys[i] as number, this.values[i] as number);
      }
      this.keys = new Uint32Array(0);
      this.values = new Uint32Array(0);
    }
    return this.live;
  }
}
