/**
 * Bin counts packed into bytes, in the smaller of two forms chosen per row:
 * - code 0, nibbles: 4 bits a bin (low nibble first); a bin of 15 or more
 *   stores 15 and its excess as a varint (LEB128) in a tail after the nibbles.
 *   A quiet endpoint's minute, mostly counts under 15, takes half a byte a bin.
 * - codes 1–3, fixed width: 1, 2 or 6 bytes a bin, little-endian, the
 *   narrowest that holds the largest count. Busy rows and hours use these.
 * Pure helpers shared by freezing (pack), queries (add into an accumulator)
 * and reopening a bucket (add into a live rollup).
 */

/** Bytes per bin of each fixed-width code (code 0 is nibbles). */
const FIXED_WIDTH = [0, 1, 2, 6] as const;
const NIBBLE_ESCAPE = 15;

/** Bytes of a varint (LEB128) holding `n`. */
function varintLength(n: number): number {
  let length = 1;
  for (let v = n; v >= 128; v = Math.floor(v / 128)) length++;
  return length;
}

/** The code and byte length of the smaller form for `count` bins of `from` from `fromIndex`. */
export function chooseEncoding(
  from: Float64Array,
  fromIndex: number,
  count: number,
): [code: number, byteLength: number] {
  let top = 0;
  let nibbleLength = (count + 1) >> 1;
  for (let i = fromIndex; i < fromIndex + count; i++) {
    const c = from[i] as number;
    if (c > top) top = c;
    if (c >= NIBBLE_ESCAPE) nibbleLength += varintLength(c - NIBBLE_ESCAPE);
  }
  const code = top <= 0xff ? 1 : top <= 0xffff ? 2 : 3;
  const fixedLength = count * FIXED_WIDTH[code];
  return nibbleLength < fixedLength ? [0, nibbleLength] : [code, fixedLength];
}

/** Writes `count` bins of `from`, starting at `fromIndex`, into `bytes` at `offset`, in form `code`. */
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
      for (let v = c - NIBBLE_ESCAPE; v >= 0; v = v >= 128 ? Math.floor(v / 128) : -1) {
        bytes[tail++] = v >= 128 ? (v % 128) | 128 : v;
      }
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
 * into `into` from `intoIndex`. The hot loop of every latency query; callers
 * pass ranges inside both arrays, so the reads are numbers.
 */
export function addPackedBins(
  into: Float64Array,
  intoIndex: number,
  bytes: Uint8Array,
  offset: number,
  code: number,
  count: number,
): void {
  let p = offset;
  let t = intoIndex;
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
      }
      return;
    }
    case 1:
      for (; t < end; t++) (into[t] as number) += bytes[p++] as number;
      return;
    case 2:
      for (; t < end; t++, p += 2) {
        (into[t] as number) += (bytes[p] as number) | ((bytes[p + 1] as number) << 8);
      }
      return;
    default:
      for (; t < end; t++, p += 6) {
        let v = 0;
        for (let b = 5; b >= 0; b--) v = v * 256 + (bytes[p + b] as number);
        (into[t] as number) += v;
      }
  }
}
