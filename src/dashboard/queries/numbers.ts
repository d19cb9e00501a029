/** Rounds to 2 decimals, as the original design does for milliseconds. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Rounds to 4 decimals, as the original design does for rates. */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** `part / whole` rounded to 4 decimals, or 0 when there is no whole. */
export function rate(part: number, whole: number): number {
  return whole > 0 ? round4(part / whole) : 0;
}

/** Epoch milliseconds as an ISO-8601 UTC string. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Epoch milliseconds as the original design's minute key, `YYYY-MM-DDTHH:MM:00Z`. */
export function minuteKey(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}:00Z`;
}

/** Sorts an object's entries by a numeric score, highest first, into a new object. */
export function sortedByDescending<T>(
  entries: Iterable<[string, T]>,
  score: (value: T) => number,
): Record<string, T> {
  const sorted = [...entries].sort((a, b) => score(b[1]) - score(a[1]));
  return Object.fromEntries(sorted);
}

/** Status counts keyed by the status as a string, in ascending order. */
export function byStatusAscending(counts: ReadonlyMap<number, number>): Record<string, number> {
  const keys = [...counts.keys()].sort((a, b) => a - b);
  return Object.fromEntries(keys.map((k) => [String(k), counts.get(k) ?? 0]));
}
