/** Start of the bucket of `widthMs` holding `ms`: `ms` rounded down to a multiple of the width, negatives included. */
export function floorTo(ms: number, widthMs: number): number {
  return ms - (((ms % widthMs) + widthMs) % widthMs);
}
