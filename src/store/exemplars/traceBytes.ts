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

/** The hex trace id at `offset`, or `''` for all zeros (no id). */
export function readTraceId(from: Uint8Array, offset: number): string {
  let hex = '';
  let zero = true;
  for (let i = 0; i < TRACE_ID_BYTES; i++) {
    const byte = from[offset + i] ?? 0;
    if (byte !== 0) zero = false;
    hex += byte < 16 ? `0${byte.toString(16)}` : byte.toString(16);
  }
  return zero ? '' : hex;
}
