/**
 * Unsigned little-endian integers of 1, 2, 4 or 6 bytes in a byte array:
 * how packed buckets keep ids, counts and offsets in the narrowest width
 * that holds them. Pure helpers.
 */

/** The narrowest width (1, 2, 4 or 6 bytes) that holds `max`, a non-negative integer below 2^48. */
export function widthFor(max: number): 1 | 2 | 4 | 6 {
  return max <= 0xff ? 1 : max <= 0xffff ? 2 : max <= 0xffffffff ? 4 : 6;
}

/** Reads an integer of `width` bytes at `p`. */
export function readUint(bytes: Uint8Array, p: number, width: number): number {
  const b0 = bytes[p] as number;
  if (width === 1) return b0;
  const two = b0 | ((bytes[p + 1] as number) << 8);
  if (width === 2) return two;
  const four = two + (bytes[p + 2] as number) * 0x10000 + (bytes[p + 3] as number) * 0x1000000;
  if (width === 4) return four;
  return four + ((bytes[p + 4] as number) | ((bytes[p + 5] as number) << 8)) * 0x100000000;
}

/** Writes `value`, an integer that fits, in `width` bytes at `p`. */
export function writeUint(bytes: Uint8Array, p: number, width: number, value: number): void {
  let v = value;
  for (let i = 0; i < width; i++) {
    bytes[p + i] = v % 256;
    v = Math.floor(v / 256);
  }
}

/** Bytes of a varint (LEB128) holding `n`. */
export function varintLength(n: number): number {
  let length = 1;
  for (let v = n; v >= 128; v = Math.floor(v / 128)) length++;
  return length;
}

/** Writes `v` as a varint at `p`; returns the position after it. */
export function writeVarint(bytes: Uint8Array, p: number, v: number): number {
  let at = p;
  let rest = v;
  while (rest >= 128) {
    bytes[at++] = (rest % 128) | 128;
    rest = Math.floor(rest / 128);
  }
  bytes[at++] = rest;
  return at;
}
