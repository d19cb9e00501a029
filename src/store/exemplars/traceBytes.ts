/** Bytes of a trace id. */
export const TRACE_ID_BYTES = 16;
/** Bytes of a span id. */
export const SPAN_ID_BYTES = 8;

/** The value of hex digit `code` (a character code), or -1. From codes, not `parseInt` of slices: ids are written on every fold. */
function digitOf(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** Writes a hex id of `bytes` bytes into `into` at `offset`; anything else is written as zeros (no id). */
function writeHexId(hex: string, into: Uint8Array, offset: number, bytes: number): void {
  if (hex.length !== 2 * bytes) {
    into.fill(0, offset, offset + bytes);
    return;
  }
  for (let i = 0; i < bytes; i++) {
    const high = digitOf(hex.charCodeAt(2 * i));
    const low = digitOf(hex.charCodeAt(2 * i + 1));
    if ((high | low) < 0) {
      into.fill(0, offset, offset + bytes);
      return;
    }
    into[offset + i] = (high << 4) | low;
  }
}

/** Character codes of the lower-case hex digits. */
const HEX_CODES: readonly number[] = Object.freeze(
  Array.from({ length: 16 }, (_, i) => i.toString(16).charCodeAt(0)),
);

/**
 * The hex id of `bytes` bytes at `offset`, or `''` for all zeros (no id).
 * Built in one piece from character codes: concatenations would leave a
 * rope that every JSON serialization of it flattens again.
 */
function readHexId(from: Uint8Array, offset: number, bytes: number): string {
  const codes = new Array<number>(2 * bytes);
  let zero = true;
  for (let i = 0; i < bytes; i++) {
    const byte = from[offset + i] ?? 0;
    if (byte !== 0) zero = false;
    codes[2 * i] = HEX_CODES[byte >> 4] as number;
    codes[2 * i + 1] = HEX_CODES[byte & 15] as number;
  }
  return zero ? '' : String.fromCharCode(...codes);
}

/** Writes a 32-digit hex trace id into `into` at `offset`; anything else is written as zeros (no id). */
export function writeTraceId(hex: string, into: Uint8Array, offset: number): void {
  writeHexId(hex, into, offset, TRACE_ID_BYTES);
}

/** The hex trace id at `offset`, or `''` for all zeros (no id). */
export function readTraceId(from: Uint8Array, offset: number): string {
  return readHexId(from, offset, TRACE_ID_BYTES);
}

/** Writes a 16-digit hex span id into `into` at `offset`; anything else is written as zeros (no id). */
export function writeSpanId(hex: string, into: Uint8Array, offset: number): void {
  writeHexId(hex, into, offset, SPAN_ID_BYTES);
}

/** The hex span id at `offset`, or `''` for all zeros (no id). */
export function readSpanId(from: Uint8Array, offset: number): string {
  return readHexId(from, offset, SPAN_ID_BYTES);
}
