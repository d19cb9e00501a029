/** Bytes of a trace id. */
export const TRACE_ID_BYTES = 16;

/** Writes a 32-digit hex trace id into `into` at `offset`; anything else is written as zeros (no id). */
export function writeTraceId(hex: string, into: Uint8Array, offset: number): void {
  if (hex.length !== 2 * TRACE_ID_BYTES) {
    into.fill(0, offset, offset + TRACE_ID_BYTES);
    return;
  }
  for (let i = 0; i < TRACE_ID_BYTES; i++) {
    const byte = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    if (Number.isNaN(byte)) {
      into.fill(0, offset, offset + TRACE_ID_BYTES);
      return;
    }
    into[offset + i] = byte;
  }
}

/** Character codes of the lower-case hex digits. */
const HEX_CODES: readonly number[] = Object.freeze(
  Array.from({ length: 16 }, (_, i) => i.toString(16).charCodeAt(0)),
);

/**
 * The hex trace id at `offset`, or `''` for all zeros (no id). Built in one
 * piece from character codes: sixteen concatenations would leave a rope
 * that every JSON serialization of it flattens again.
 */
export function readTraceId(from: Uint8Array, offset: number): string {
  const codes = new Array<number>(2 * TRACE_ID_BYTES);
  let zero = true;
  for (let i = 0; i < TRACE_ID_BYTES; i++) {
    const byte = from[offset + i] ?? 0;
    if (byte !== 0) zero = false;
    codes[2 * i] = HEX_CODES[byte >> 4] as number;
    codes[2 * i + 1] = HEX_CODES[byte & 15] as number;
  }
  return zero ? '' : String.fromCharCode(...codes);
}
