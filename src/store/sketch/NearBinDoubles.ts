import { BIN_COUNT, valueOfBin } from './sketchBins.js';

/** Bytes an exact double takes when stored near its bin. */
export const NEAR_BIN_BYTES = 6;
/** A bin's reference lies this far below its value: under every duration the bin holds (they are within 1%). */
const REFERENCE_RATIO = 0.985;
const TWO_32 = 0x100000000;

/**
 * Exact doubles in 6 bytes instead of 8, for values whose sketch bin is
 * known (a row's minimum lies in its first bin, its maximum in its last):
 * the distance of the value's IEEE 754 bit pattern from the pattern of a
 * reference just below the bin. Within 1% of the bin's value, that distance
 * is under 2^48. Decoding adds it back, so the double is exactly the one
 * written; a value that does not fit (outside its bin's range, or in bin 0
 * and not 0) is refused, and the caller keeps it in 8 bytes.
 *
 * One per store (its RowTables): the reference patterns are computed on
 * first use, and the 8-byte scratch converts between doubles and bits.
 */
export class NearBinDoubles {
  /** Low and high 32 bits of each bin's reference pattern. */
  private refs: Uint32Array | undefined;
  private readonly scratch = new DataView(new ArrayBuffer(8));

  /** Writes `value`, whose bin is `bin`, in 6 bytes at `p`; false, and nothing written, when it does not fit. */
  write(value: number, bin: number, bytes: Uint8Array, p: number): boolean {
    const d = this.distance(value, bin);
    if (d === undefined) return false;
    const [low, high] = d;
    bytes[p] = low & 0xff;
    bytes[p + 1] = (low >>> 8) & 0xff;
    bytes[p + 2] = (low >>> 16) & 0xff;
    bytes[p + 3] = low >>> 24;
    bytes[p + 4] = high & 0xff;
    bytes[p + 5] = high >>> 8;
    return true;
  }

  /** True when `value` in `bin` can be written. */
  fits(value: number, bin: number): boolean {
    return this.distance(value, bin) !== undefined;
  }

  /** The double written at `p` for `bin`. */
  read(bin: number, bytes: Uint8Array, p: number): number {
    const refs = this.references();
    const low =
      ((bytes[p] as number) |
        ((bytes[p + 1] as number) << 8) |
        ((bytes[p + 2] as number) << 16) |
        ((bytes[p + 3] as number) << 24)) >>>
      0;
    const high = (bytes[p + 4] as number) | ((bytes[p + 5] as number) << 8);
    let sumLow = (refs[2 * bin] as number) + low;
    let carry = 0;
    if (sumLow >= TWO_32) {
      sumLow -= TWO_32;
      carry = 1;
    }
    this.scratch.setUint32(0, sumLow, true);
    this.scratch.setUint32(4, (refs[2 * bin + 1] as number) + high + carry, true);
    return this.scratch.getFloat64(0, true);
  }

  /** The 48-bit distance of `value`'s pattern from `bin`'s reference, as low 32 and high 16 bits. */
  private distance(value: number, bin: number): [number, number] | undefined {
    if (!(bin >= 0 && bin < BIN_COUNT)) return undefined;
    const refs = this.references();
    this.scratch.setFloat64(0, value, true);
    let low = this.scratch.getUint32(0, true) - (refs[2 * bin] as number);
    let borrow = 0;
    if (low < 0) {
      low += TWO_32;
      borrow = 1;
    }
    const high = this.scratch.getUint32(4, true) - (refs[2 * bin + 1] as number) - borrow;
    return high >= 0 && high <= 0xffff ? [low, high] : undefined;
  }

  private references(): Uint32Array {
    if (this.refs === undefined) {
      const refs = new Uint32Array(2 * BIN_COUNT);
      // Bin 0 (durations under a microsecond, and 0) refers to 0: an exact 0 fits.
      for (let bin = 1; bin < BIN_COUNT; bin++) {
        this.scratch.setFloat64(0, valueOfBin(bin) * REFERENCE_RATIO, true);
        refs[2 * bin] = this.scratch.getUint32(0, true);
        refs[2 * bin + 1] = this.scratch.getUint32(4, true);
      }
      this.refs = refs;
    }
    return this.refs;
  }
}
