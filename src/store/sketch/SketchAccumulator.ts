import { addPackedBins } from './packedBins.js';
import { BIN_COUNT, binOf, valueOfBin } from './sketchBins.js';

/**
 * A merge target for queries: every bin of the key range in one dense array,
 * so merging a packed rollup is a tight loop of additions, plus exact count,
 * sum, min and max. Reuse one with {@link clear}; only the touched range is
 * walked or cleared.
 */
export class SketchAccumulator {
  /** Count per bin, over the whole range. */
  readonly bins = new Float64Array(BIN_COUNT);
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  /** Lowest and highest bins touched since the last clear. */
  private lo = BIN_COUNT;
  private hi = -1;

  /** Adds one duration in milliseconds; NaN and negatives count as 0. */
  accept(ms: number): void {
    const value = Number.isNaN(ms) ? 0 : Math.max(ms, 0);
    const bin = binOf(value);
    this.bins[bin] = (this.bins[bin] ?? 0) + 1;
    this.touch(bin, bin);
    this.addStats(1, value, value, value);
  }

  /** Adds a packed rollup: its statistics and `len` bins from bin `lo` (see FrozenBucket). */
  addPacked(
    count: number,
    sum: number,
    min: number,
    max: number,
    lo: number,
    len: number,
    bytes: Uint8Array,
    offset: number,
    widthCode: number,
  ): void {
    this.addStats(count, sum, min, max);
    if (len === 0) return;
    addPackedBins(this.bins, lo, bytes, offset, widthCode, len);
    this.touch(lo, lo + len - 1);
  }

  /**
   * Adds a packed row whose count is the total of its bins (how packed
   * buckets keep endpoint rows); returns that count.
   */
  addPackedRow(
    sum: number,
    min: number,
    max: number,
    lo: number,
    len: number,
    bytes: Uint8Array,
    offset: number,
    widthCode: number,
  ): number {
    if (len === 0) return 0;
    const count = addPackedBins(this.bins, lo, bytes, offset, widthCode, len);
    this.touch(lo, lo + len - 1);
    this.addStats(count, sum, min, max);
    return count;
  }

  /**
   * Adds a live rollup's statistics and its non-empty bins `minBin` to
   * `maxBin`, held in `bins` from bin `lo` (see LiveRollup).
   */
  addBins(
    count: number,
    sum: number,
    min: number,
    max: number,
    bins: Float64Array,
    lo: number,
    minBin: number,
    maxBin: number,
  ): void {
    if (count === 0) return;
    this.addStats(count, sum, min, max);
    for (let b = minBin; b <= maxBin; b++) {
      this.bins[b] = (this.bins[b] ?? 0) + (bins[b - lo] ?? 0);
    }
    this.touch(minBin, maxBin);
  }

  /** Adds everything another accumulator holds. */
  merge(other: SketchAccumulator): void {
    if (other.count === 0) return;
    this.addStats(other.count, other.sum, other.min, other.max);
    for (let b = other.lo; b <= other.hi; b++) {
      this.bins[b] = (this.bins[b] ?? 0) + (other.bins[b] ?? 0);
    }
    this.touch(other.lo, other.hi);
  }

  /**
   * The quantile `q` by the original design's nearest-rank definition,
   * `sorted[min(floor(n * q), n - 1)]`: the value of the bin holding that
   * rank, within 1%, clamped to the exact min and max. 0 when empty.
   */
  quantile(q: number): number {
    const n = this.count;
    if (n === 0) return 0;
    if (n === 1) return this.min;
    const rank = Math.min(Math.floor(n * q), n - 1);
    let seen = 0;
    let bin = this.hi;
    for (let b = this.lo; b <= this.hi; b++) {
      seen += this.bins[b] ?? 0;
      if (seen > rank) {
        bin = b;
        break;
      }
    }
    return Math.min(this.max, Math.max(this.min, valueOfBin(bin)));
  }

  /**
   * Several quantiles in one walk over the bins: `out[k]` is exactly what
   * {@link quantile} gives for `qs[k]`. `qs` must be ascending.
   */
  quantilesInto(qs: readonly number[], out: Float64Array): void {
    const n = this.count;
    if (n <= 1) {
      out.fill(n === 0 ? 0 : this.min, 0, qs.length);
      return;
    }
    let seen = 0;
    let b = this.lo;
    for (let k = 0; k < qs.length; k++) {
      const rank = Math.min(Math.floor(n * (qs[k] as number)), n - 1);
      let bin = this.hi;
      for (; b <= this.hi; b++) {
        const next = seen + (this.bins[b] ?? 0);
        if (next > rank) {
          bin = b;
          break;
        }
        seen = next;
      }
      out[k] = Math.min(this.max, Math.max(this.min, valueOfBin(bin)));
    }
  }

  /** Empties the accumulator for reuse. */
  clear(): void {
    if (this.hi >= this.lo) this.bins.fill(0, this.lo, this.hi + 1);
    this.lo = BIN_COUNT;
    this.hi = -1;
    this.count = 0;
    this.sum = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
  }

  private addStats(count: number, sum: number, min: number, max: number): void {
    this.count += count;
    this.sum += sum;
    if (min < this.min) this.min = min;
    if (max > this.max) this.max = max;
  }

  private touch(lo: number, hi: number): void {
    if (lo < this.lo) this.lo = lo;
    if (hi > this.hi) this.hi = hi;
  }
}
