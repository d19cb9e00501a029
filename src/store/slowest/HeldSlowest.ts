import { SlowestColumns } from './SlowestColumns.js';
import type { SlowestList } from './SlowestList.js';

/**
 * The held slowest requests of one row (an endpoint of a source, or a whole
 * source), oldest first, pruned to what some window ending now can still
 * rank: a request that `k` slower ones finished at or after is in no such
 * window's `k` slowest (every window holding it holds them), so it goes.
 * What stays is about `k · (1 + ln m)` after `m` minutes of steady traffic.
 * A cap bounds the pathological case (each minute slower than all after);
 * what it drops is the oldest, and {@link droppedThrough} says up to when.
 */
export class HeldSlowest {
  private run = new SlowestColumns(0);
  /** Newest time of a request the cap dropped: windows that start after it are exact. */
  droppedThrough = Number.NEGATIVE_INFINITY;

  constructor(
    /** The rank kept exact. */
    readonly k: number,
    /** Most requests held. */
    readonly cap: number,
  ) {}

  /** Requests held. */
  get size(): number {
    return this.run.size;
  }

  /** The held requests, oldest first (read only). */
  get columns(): SlowestColumns {
    return this.run;
  }

  /** Time of the oldest held request; +Infinity when none. */
  get oldestMs(): number {
    return this.run.size === 0 ? Number.POSITIVE_INFINITY : (this.run.times[0] as number);
  }

  /**
   * Adds a minute's list (rows `order` of `list`, oldest first) and prunes:
   * requests before `oldestMs` (the retention), those `k` slower later ones
   * hide, then the oldest past the cap. Returns how many are held now.
   */
  add(list: SlowestColumns | SlowestList, order: readonly number[], oldestMs: number): number {
    const old = this.run;
    const n = old.size + order.length;
    // Merge by time: the old run and the new rows are each oldest first.
    const merged = new SlowestColumns(n);
    let i = 0;
    let j = 0;
    for (let at = 0; at < n; at++) {
      const takeOld =
        j >= order.length ||
        (i < old.size && (old.times[i] as number) <= (list.times[order[j] as number] as number));
      if (takeOld) merged.copy(old, i++, at);
      else merged.copy(list, order[j++] as number, at);
    }
    merged.size = n;
    this.run = this.pruned(merged, oldestMs);
    return this.run.size;
  }

  /** Drops requests before `oldestMs`; returns how many went. */
  evictBefore(oldestMs: number): number {
    if (this.oldestMs >= oldestMs) return 0;
    const before = this.run.size;
    this.run = this.pruned(this.run, oldestMs);
    return before - this.run.size;
  }

  /** Forgets everything. */
  clear(): void {
    this.run = new SlowestColumns(0);
    this.droppedThrough = Number.NEGATIVE_INFINITY;
  }

  private pruned(run: SlowestColumns, oldestMs: number): SlowestColumns {
    const { k } = this;
    const keep = new Uint8Array(run.size);
    // The k slowest seen so far walking back from the newest, slowest first.
    const top = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
    let kept = 0;
    for (let r = run.size - 1; r >= 0; r--) {
      const d = run.durations[r] as number;
      if ((run.times[r] as number) < oldestMs) break;
      // Hidden only by k strictly slower ones: an equal duration may still rank.
      if ((top[k - 1] as number) > d) continue;
      keep[r] = 1;
      kept++;
      let at = k - 1;
      while (at > 0 && (top[at - 1] as number) < d) {
        top[at] = top[at - 1] as number;
        at--;
      }
      top[at] = d;
    }
    let skip = Math.max(0, kept - this.cap);
    const out = new SlowestColumns(kept - skip);
    let at = 0;
    for (let r = 0; r < run.size; r++) {
      if (keep[r] !== 1) continue;
      if (skip > 0) {
        skip--;
        const ts = run.times[r] as number;
        if (ts > this.droppedThrough) this.droppedThrough = ts;
        continue;
      }
      out.copy(run, r, at++);
    }
    out.size = at;
    return out;
  }
}
