import { writeUint } from './byteInts.js';
import { NS_PER_MS, nanosecondsOf } from './nanosecondGrid.js';
import { BIN_COUNT, valueOfBin } from './sketchBins.js';

/** Bytes a sum takes, by its code: 0 to 6 bytes of whole nanoseconds; code 7, a Float64. */
export const SUM_BYTES: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 8];
/** Bytes a minimum or maximum takes, by its code: 2, 3 or 4 bytes of nanoseconds above its bin's reference; code 3, a Float64. */
export const EXTREME_BYTES: readonly number[] = [2, 3, 4, 8];
const RAW_SUM = 7;
const RAW_EXTREME = 3;
/** A bin's reference lies this far below its value: under every duration the bin holds (they are within 1%). */
const REFERENCE_RATIO = 0.985;

/**
 * A packed sketch row's exact sum, minimum and maximum in the fewest bytes,
 * each exactly the double the live rollup held:
 * - the sum as whole nanoseconds in 0–6 bytes (the store keeps sums on the
 *   nanosecond grid, see nanosecondGrid.ts): a quiet endpoint's minute
 *   takes 4 bytes, not 8;
 * - the minimum and maximum as nanoseconds above a reference just below
 *   their bin (a row's minimum lies in its first bin, its maximum in its
 *   last): 2 bytes up to about 2.6 ms, 3 up to about 0.67 s, 4 up to about
 *   3 minutes (the bounds for a value at the top of its bin);
 * - anything else (off the grid, say from an old snapshot; or too large) as
 *   a Float64, so no value is ever rounded.
 * Each value's code (3 bits for the sum, 2 for each extreme) goes into the
 * row's layout word; the bytes go right before the row's bins.
 *
 * One per store (its RowTables): the references are computed on first use,
 * and the 8-byte scratch converts doubles to bytes. After {@link read}, the
 * fields `sum`, `min`, `max` and `binsAt` hold the row just read (no object
 * per read, as queries read hundreds of thousands of rows).
 */
export class RowStats {
  sum = 0;
  min = 0;
  max = 0;
  /** Where the row's bins start. */
  binsAt = 0;
  private refs: Float64Array | undefined;
  private readonly scratch = new DataView(new ArrayBuffer(8));

  /** The code of a sum. */
  sumCode(sum: number): number {
    const ns = nanosecondsOf(sum);
    if (ns < 0 || ns >= 2 ** 48) return RAW_SUM;
    let width = 0;
    for (let v = ns; v >= 1; v = Math.floor(v / 256)) width++;
    return width;
  }

  /** The code of a minimum or maximum `value`, whose bin is `bin`. */
  extremeCode(value: number, bin: number): number {
    const d = this.distance(value, bin);
    if (d < 0) return RAW_EXTREME;
    return d < 0x10000 ? 0 : d < 0x1000000 ? 1 : d < 0x100000000 ? 2 : RAW_EXTREME;
  }

  /**
   * Writes a row's statistics with their codes (from {@link sumCode} and
   * {@link extremeCode}) at `p`; returns where its bins start.
   */
  write(
    bytes: Uint8Array,
    p: number,
    sum: number,
    sumCode: number,
    min: number,
    minBin: number,
    minCode: number,
    max: number,
    maxBin: number,
    maxCode: number,
  ): number {
    let at = p;
    if (sumCode === RAW_SUM) this.writeDouble(bytes, at, sum);
    else writeUint(bytes, at, sumCode, nanosecondsOf(sum));
    at += SUM_BYTES[sumCode] as number;
    at = this.writeExtreme(bytes, at, min, minBin, minCode);
    return this.writeExtreme(bytes, at, max, maxBin, maxCode);
  }

  /**
   * Reads the statistics of a row at `p` into `sum`, `min`, `max` (the
   * minimum's bin `lo`, the maximum's `hi`) and sets `binsAt`.
   */
  read(
    bytes: Uint8Array,
    p: number,
    sumCode: number,
    minCode: number,
    maxCode: number,
    lo: number,
    hi: number,
  ): void {
    let at = p;
    this.sum =
      sumCode === RAW_SUM ? this.readDouble(bytes, at) : readLow(bytes, at, sumCode) / NS_PER_MS;
    at += SUM_BYTES[sumCode] as number;
    this.min = this.readExtreme(bytes, at, lo, minCode);
    at += EXTREME_BYTES[minCode] as number;
    this.max = this.readExtreme(bytes, at, hi, maxCode);
    this.binsAt = at + (EXTREME_BYTES[maxCode] as number);
  }

  private writeExtreme(
    bytes: Uint8Array,
    p: number,
    value: number,
    bin: number,
    code: number,
  ): number {
    if (code === RAW_EXTREME) this.writeDouble(bytes, p, value);
    else writeUint(bytes, p, code + 2, this.distance(value, bin));
    return p + (EXTREME_BYTES[code] as number);
  }

  private readExtreme(bytes: Uint8Array, p: number, bin: number, code: number): number {
    if (code === RAW_EXTREME) return this.readDouble(bytes, p);
    return ((this.references()[bin] as number) + readLow(bytes, p, code + 2)) / NS_PER_MS;
  }

  /** Nanoseconds of `value` above `bin`'s reference, or -1 when it is not on the grid or not above it. */
  private distance(value: number, bin: number): number {
    if (!(bin >= 0 && bin < BIN_COUNT)) return -1;
    const ns = nanosecondsOf(value);
    if (ns < 0) return -1;
    const d = ns - (this.references()[bin] as number);
    return d >= 0 ? d : -1;
  }

  private writeDouble(bytes: Uint8Array, p: number, value: number): void {
    this.scratch.setFloat64(0, value, true);
    for (let i = 0; i < 8; i++) bytes[p + i] = this.scratch.getUint8(i);
  }

  private readDouble(bytes: Uint8Array, p: number): number {
    for (let i = 0; i < 8; i++) this.scratch.setUint8(i, bytes[p + i] as number);
    return this.scratch.getFloat64(0, true);
  }

  /** Each bin's reference in whole nanoseconds (bin 0, of durations under a microsecond: 0). */
  private references(): Float64Array {
    if (this.refs === undefined) {
      const refs = new Float64Array(BIN_COUNT);
      for (let bin = 1; bin < BIN_COUNT; bin++) {
        refs[bin] = Math.floor(valueOfBin(bin) * REFERENCE_RATIO * NS_PER_MS);
      }
      this.refs = refs;
    }
    return this.refs;
  }
}

/** An unsigned little-endian integer of 0 to 6 bytes at `p`. */
function readLow(bytes: Uint8Array, p: number, width: number): number {
  let v = 0;
  for (let i = width - 1; i >= 0; i--) v = v * 256 + (bytes[p + i] as number);
  return v;
}
