/**
 * Bin counts packed into bytes, in the smallest of four forms chosen per row:
 * - code 0, nibbles: 4 bits a bin (low nibble first); a bin of 15 or more
 *   stores 15 and its excess as a varint (LEB128) in a tail after the nibbles.
 * - codes 1–3, fixed width: 1, 2 or 6 bytes a bin, little-endian, the
 *   narrowest that holds the largest count. Busy rows and hours use these.
 * - code 4, sparse: one byte per non-empty bin, the gap since the previous
 *   one in the low nibble and the count less one in the high nibble; 15 in
 *   either escapes to a varint right after the byte (gap first). The last
 *   bin of the range must be non-empty (it ends the row).
 * - code 5, unary: per bin, its count in one-bits then a zero-bit, low bit
 *   first: (bins + count) bits. A quiet endpoint's minute (tens of requests
 *   over a hundred bins) takes about a fifth of a byte a bin.
 * Pure helpers shared by freezing (pack), queries (add into an accumulator)
 * and reopening a bucket (add into a live rollup).
 */

import { varintLength, writeVarint } from './byteInts.js';

/** Bytes per bin of each fixed-width code (code 0 is nibbles). */
const FIXED_WIDTH = [0, 1, 2, 6] as const;
const NIBBLE_ESCAPE = 15;
/** The sparse form's code. */
export const SPARSE_CODE = 4;
/** The unary form's code. */
export const UNARY_CODE = 5;
/** Highest code in use. */
export const LAST_CODE = UNARY_CODE;

/**
 * The code and byte length of the smallest form for `count` bins of `from`
 * from `fromIndex` (the older form on a tie).
 */
export function chooseEncoding(
  from: Float64Array,
  fromIndex: number,
  count: number,
): [code: number, byteLength: number] {
  let top = 0;
  let total = 0;
  let nibbleLength = (count + 1) >> 1;
  let sparseLength = 0;
  let gap = 0;
  for (let i = fromIndex; i < fromIndex + count; i++) {
    const c = from[i] as number;
    if (c > top) top = c;
    total += c;
    if (c >= NIBBLE_ESCAPE) nibbleLength += varintLength(c - NIBBLE_ESCAPE);
    if (c === 0) {
      gap++;
      continue;
    }
    sparseLength += 1;
    if (gap >= NIBBLE_ESCAPE) sparseLength += varintLength(gap - NIBBLE_ESCAPE);
    if (c - 1 >= NIBBLE_ESCAPE) sparseLength += varintLength(c - 1 - NIBBLE_ESCAPE);
    gap = 0;
  }
  const code = top <= 0xff ? 1 : top <= 0xffff ? 2 : 3;
  let best: [number, number] = [code, count * FIXED_WIDTH[code]];
  if (nibbleLength < best[1]) best = [0, nibbleLength];
  // Sparse rows end at their last non-empty bin, so the range must end on one.
  if (count > 0 && (from[fromIndex + count - 1] as number) > 0 && sparseLength < best[1]) {
    best = [SPARSE_CODE, sparseLength];
  }
  const unaryLength = Math.ceil((count + total) / 8);
  if (unaryLength < best[1]) best = [UNARY_CODE, unaryLength];
  return best;
}

/**
 * Writes `count` bins of `from`, starting at `fromIndex`, into `bytes` at
 * `offset`, in form `code`. The target bytes must be zero (a new array).
 */
export function packBins(
  bytes: Uint8Array,
  offset: number,
  code: number,
  from: Float64Array,
  fromIndex: number,
  count: number,
): void {
  if (code === 0) {
    let tail = offset + ((count + 1) >> 1);
    for (let i = 0; i < count; i++) {
      const c = from[fromIndex + i] as number;
      const nibble = Math.min(c, NIBBLE_ESCAPE);
      bytes[offset + (i >> 1)] =
        ((bytes[offset + (i >> 1)] as number) | (nibble << ((i & 1) * 4))) & 0xff;
      if (c >= NIBBLE_ESCAPE) tail = writeVarint(bytes, tail, c - NIBBLE_ESCAPE);
    }
    return;
  }
  if (code === SPARSE_CODE) {
    let p = offset;
    let gap = 0;
    for (let i = 0; i < count; i++) {
      const c = from[fromIndex + i] as number;
      if (c === 0) {
        gap++;
        continue;
      }
      bytes[p++] = Math.min(gap, NIBBLE_ESCAPE) | (Math.min(c - 1, NIBBLE_ESCAPE) << 4);
      if (gap >= NIBBLE_ESCAPE) p = writeVarint(bytes, p, gap - NIBBLE_ESCAPE);
      if (c - 1 >= NIBBLE_ESCAPE) p = writeVarint(bytes, p, c - 1 - NIBBLE_ESCAPE);
      gap = 0;
    }
    return;
  }
  if (code === UNARY_CODE) {
    let bit = offset * 8;
    for (let i = 0; i < count; i++) {
      // `c` one-bits, then the zero-bit the zeroed bytes already hold.
      for (let c = from[fromIndex + i] as number; c > 0; c--, bit++) {
        bytes[bit >> 3] = ((bytes[bit >> 3] as number) | (1 << (bit & 7))) & 0xff;
      }
      bit++;
    }
    return;
  }
  const width = FIXED_WIDTH[code as 1 | 2 | 3];
  for (let i = 0; i < count; i++) {
    let v = from[fromIndex + i] as number;
    let p = offset + i * width;
    for (let b = 0; b < width; b++) {
      bytes[p++] = v % 256;
      v = Math.floor(v / 256);
    }
  }
}

/**
 * Adds `count` packed bins, read from `bytes` at `offset` in form `code`,
 * into `into` from `intoIndex`, and returns their total (the row's request
 * count, which packed buckets therefore need not store). The hot loop of
 * every latency query; callers pass ranges inside both arrays, so the reads
 * are numbers. Damaged bytes cannot loop forever: every form ends after
 * `count` bins.
 */
export function addPackedBins(
  into: Float64Array,
  intoIndex: number,
  bytes: Uint8Array,
  offset: number,
  code: number,
  count: number,
): number {
  let p = offset;
  let t = intoIndex;
  let total = 0;
  const end = intoIndex + count;
  switch (code) {
    case 0: {
      let tail = offset + ((count + 1) >> 1);
      for (let i = 0; t < end; t++, i++) {
        let v = ((bytes[offset + (i >> 1)] as number) >> ((i & 1) * 4)) & 15;
        if (v === NIBBLE_ESCAPE) {
          let scale = 1;
          let byte: number;
          do {
            byte = bytes[tail++] as number;
            v += (byte & 127) * scale;
            scale *= 128;
          } while (byte >= 128);
        }
        (into[t] as number) += v;
        total += v;
      }
      return total;
    }
    case 1:
      for (; t < end; t++) {
        const v = bytes[p++] as number;
        (into[t] as number) += v;
        total += v;
      }
      return total;
    case 2:
      for (; t < end; t++, p += 2) {
        const v = (bytes[p] as number) | ((bytes[p + 1] as number) << 8);
        (into[t] as number) += v;
        total += v;
      }
      return total;
    case SPARSE_CODE: {
      // `t` is one past the previous non-empty bin.
      while (t < end) {
        const head = (bytes[p++] as number) | 0;
        let gap = head & 15;
        let c = (head >> 4) + 1;
        if (gap === NIBBLE_ESCAPE) {
          let scale = 1;
          let byte: number;
          do {
            byte = (bytes[p++] as number) | 0;
            gap += (byte & 127) * scale;
            scale *= 128;
          } while (byte >= 128);
        }
        if (c - 1 === NIBBLE_ESCAPE) {
          let scale = 1;
          let byte: number;
          do {
            byte = (bytes[p++] as number) | 0;
            c += (byte & 127) * scale;
            scale *= 128;
          } while (byte >= 128);
        }
        t += gap;
        if (t >= end) return total;
        (into[t] as number) += c;
        total += c;
        t++;
      }
      return total;
    }
    case UNARY_CODE: {
      // 32 bits at a time; a run of ones is counted at once (trailing ones by clz32).
      let word = 0;
      let avail = 0;
      for (; t < end; t++) {
        let c = 0;
        for (;;) {
          if (avail === 0) {
            word =
              ((bytes[p] as number) |
                ((bytes[p + 1] as number) << 8) |
                ((bytes[p + 2] as number) << 16) |
                ((bytes[p + 3] as number) << 24)) >>>
              0;
            p += 4;
            avail = 32;
          }
          const inv = ~word;
          const low = inv & -inv;
          const ones = low === 0 ? 32 : 31 - Math.clz32(low);
          if (ones < avail) {
            c += ones;
            word = (word >>> ones) >>> 1;
            avail -= ones + 1;
            break;
          }
          c += avail;
          avail = 0;
        }
        (into[t] as number) += c;
        total += c;
      }
      return total;
    }
    default:
      for (; t < end; t++, p += 6) {
        let v = 0;
        for (let b = 5; b >= 0; b--) v = v * 256 + (bytes[p + b] as number);
        (into[t] as number) += v;
        total += v;
      }
      return total;
  }
}

/** The total of `count` packed bins (see {@link addPackedBins}), without a target to add them to. */
export function sumPackedBins(
  bytes: Uint8Array,
  offset: number,
  code: number,
  count: number,
): number {
  return addPackedBins(new Float64Array(count), 0, bytes, offset, code, count);
}
