import { keptDuration, onNanosecondGrid } from './nanosecondGrid.js';
import { addPackedBins } from './packedBins.js';
import { BIN_COUNT, binOf } from './sketchBins.js';

const EMPTY = new Float64Array(0);
/** Bins a new rollup reserves around its first value; grown (doubling) as its range widens. */
const INITIAL_BINS = 8;

/**
 * The mutable rollup of one series in one bucket: count, sum, min, max and
 * the sketch's bin counts over the range seen so far. Only live buckets (the
 * current minute, and any bucket a late record reopened) hold these; closed
 * buckets keep the packed form of {@link FrozenBucket}.
 *
 * Durations, and so the minimum and maximum, are rounded to the nearest
 * nanosecond (a span's resolution), and the sum is kept on that grid too:
 * an exact sum of whole nanoseconds, which packs into a few bytes.
 */
export class LiveRollup {
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  /** Bin index of `bins[0]`. */
  lo = 0;
  /** Counts of bins `lo` to `lo + bins.length - 1`. */
  bins: Float64Array = EMPTY;
  /** Lowest non-empty bin, or BIN_COUNT when empty. */
  minBin = BIN_COUNT;
  /** Highest non-empty bin, or -1 when empty. */
  maxBin = -1;

  /** Adds one duration in milliseconds (to the nanosecond); NaN and negatives count as 0. */
  add(ms: number): void {
    const value = keptDuration(ms);
    this.count++;
    this.sum = onNanosecondGrid(this.sum + value);
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    const bin = binOf(value);
    let i = bin - this.lo;
    if (i < 0 || i >= this.bins.length) {
      this.extend(bin, bin);
      i = bin - this.lo;
    }
    this.bins[i] = (this.bins[i] ?? 0) + 1;
    if (bin < this.minBin) this.minBin = bin;
    if (bin > this.maxBin) this.maxBin = bin;
  }

  /**
   * Adds `weight` durations of `ms` each (one bucket of an engine's
   * histogram), leaving the sum alone: the aggregate's exact sum is added by
   * {@link addSum}. `weight` is a whole count.
   */
  addWeighted(ms: number, weight: number): void {
    if (!(weight > 0)) return;
    const value = keptDuration(ms);
    this.count += weight;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    const bin = binOf(value);
    if (bin < this.lo || bin >= this.lo + this.bins.length) this.extend(bin, bin);
    const i = bin - this.lo;
    this.bins[i] = (this.bins[i] ?? 0) + weight;
    if (bin < this.minBin) this.minBin = bin;
    if (bin > this.maxBin) this.maxBin = bin;
  }

  /** Adds to the sum alone (milliseconds, to the nanosecond): the exact sum of durations added by {@link addWeighted}. */
  addSum(ms: number): void {
    if (ms > 0) this.sum = onNanosecondGrid(this.sum + ms);
  }

  /** Adds a packed rollup (see {@link FrozenBucket}): its statistics and `len` bins from bin `lo`. */
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
    this.count += count;
    this.sum = onNanosecondGrid(this.sum + sum);
    if (min < this.min) this.min = min;
    if (max > this.max) this.max = max;
    if (len === 0) return;
    const hi = lo + len - 1;
    if (lo < this.lo || hi >= this.lo + this.bins.length) this.extend(lo, hi);
    addPackedBins(this.bins, lo - this.lo, bytes, offset, widthCode, len);
    if (lo < this.minBin) this.minBin = lo;
    if (hi > this.maxBin) this.maxBin = hi;
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
    const hi = lo + len - 1;
    if (lo < this.lo || hi >= this.lo + this.bins.length) this.extend(lo, hi);
    const count = addPackedBins(this.bins, lo - this.lo, bytes, offset, widthCode, len);
    if (lo < this.minBin) this.minBin = lo;
    if (hi > this.maxBin) this.maxBin = hi;
    this.count += count;
    this.sum = onNanosecondGrid(this.sum + sum);
    if (min < this.min) this.min = min;
    if (max > this.max) this.max = max;
    return count;
  }

  /** Adds everything another live rollup holds. */
  merge(other: LiveRollup): void {
    if (other.count === 0) return;
    this.count += other.count;
    this.sum = onNanosecondGrid(this.sum + other.sum);
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    const from = other.minBin;
    const to = other.maxBin;
    if (from < this.lo || to >= this.lo + this.bins.length) this.extend(from, to);
    for (let b = from; b <= to; b++) {
      this.bins[b - this.lo] = (this.bins[b - this.lo] ?? 0) + (other.bins[b - other.lo] ?? 0);
    }
    if (from < this.minBin) this.minBin = from;
    if (to > this.maxBin) this.maxBin = to;
  }

  /** Makes bins `low` to `high` addressable, at least doubling so growth stays amortized. */
  private extend(low: number, high: number): void {
    const old = this.bins;
    const empty = old.length === 0;
    const needLo = empty ? low : Math.min(this.lo, low);
    const needHi = empty ? high + 1 : Math.max(this.lo + old.length, high + 1);
    const size = Math.min(BIN_COUNT, Math.max(needHi - needLo, 2 * old.length, INITIAL_BINS));
    // Grow toward the side being extended; a first range sits in the middle.
    const slack = size - (needHi - needLo);
    let lo = empty ? needLo - (slack >> 1) : low < this.lo ? needHi - size : needLo;
    lo = Math.min(Math.max(0, lo), BIN_COUNT - size);
    const bins = new Float64Array(size);
    if (!empty) bins.set(old, this.lo - lo);
    this.bins = bins;
    this.lo = lo;
  }
}
