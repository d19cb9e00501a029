import { BIN_COUNT } from '../sketch/sketchBins.js';

// A sketch row is described by one 32-bit word: first bin (11 bits), number
// of bins (11 bits), packing code (3 bits, see packedBins.ts), then the codes
// of its sum (3 bits), minimum and maximum (2 bits each; see RowStats.ts).
/** Bits of a row's first bin and of its bin count. */
export const BIN_BITS = 11;
/** Mask of a first bin or bin count. */
export const BIN_MASK = (1 << BIN_BITS) - 1;
/** Where the packing code starts. */
export const CODE_SHIFT = 22;
/** Mask of a packing or sum code. */
export const CODE_MASK = 7;
/** Where the sum's code starts. */
export const SUM_SHIFT = 25;
/** Where the minimum's code starts. */
export const MIN_SHIFT = 28;
/** Where the maximum's code starts. */
export const MAX_SHIFT = 30;
/** The word's first bin, bin count and packing code: what a snapshot's layout word holds. */
export const BINS_WORD_MASK = (1 << SUM_SHIFT) - 1;
if (BIN_COUNT > BIN_MASK) throw new Error(`BIN_COUNT ${BIN_COUNT} does not fit ${BIN_BITS} bits`);

/** Where each part of a bucket's buffer starts, and how its rows are named. */
export interface BucketLayout {
  /** Series rows and endpoint rows. */
  readonly n: number;
  readonly m: number;
  /** Row ids: a bitmap over the table of this many bytes, or (0) a list of ids of `idWidth` bytes. */
  readonly seriesBitmap: number;
  readonly keyBitmap: number;
  readonly idWidth: number;
  /** Bytes of a sketch row's offset (2, or 4 past 64 KiB of rows). */
  readonly offsetWidth: number;
  readonly seriesIdsAt: number;
  readonly keyIdsAt: number;
  readonly offsetsAt: number;
  readonly wordsAt: number;
  readonly binsAt: number;
}

/** A view of `n` counts of `width` bytes (8: Float64) at `at`, which is aligned for it. */
export function countsView(
  buffer: ArrayBuffer,
  at: number,
  n: number,
  width: number,
): Uint8Array | Uint16Array | Uint32Array | Float64Array {
  if (width === 1) return new Uint8Array(buffer, at, n);
  if (width === 2) return new Uint16Array(buffer, at, n);
  if (width === 4) return new Uint32Array(buffer, at, n);
  return new Float64Array(buffer, at, n);
}
