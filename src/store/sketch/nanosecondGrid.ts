/**
 * Durations on the nanosecond grid: the store keeps every duration, sum,
 * minimum and maximum as a whole number of nanoseconds (the resolution of a
 * span's times), written in milliseconds as the double nearest to
 * `ns / 1e6`. A packed bucket can then keep them as small integers, and a
 * sum of them stays exact. Pure helpers.
 */

/** Nanoseconds per millisecond. */
export const NS_PER_MS = 1e6;
/**
 * Below this many nanoseconds (2^50, about 13 days) a value on the grid
 * round-trips exactly (`Math.round((ns / 1e6) * 1e6) === ns`), and so does
 * the sum of two (rounding `a + b` to the grid gives the exact sum). Larger
 * durations and sums are left as they are.
 */
export const GRID_LIMIT_NS = 2 ** 50;
const GRID_LIMIT_MS = GRID_LIMIT_NS / NS_PER_MS;

/** `ms` rounded to the nearest nanosecond (unchanged from about 13 days up, and when not finite). */
export function onNanosecondGrid(ms: number): number {
  return ms < GRID_LIMIT_MS && ms > -GRID_LIMIT_MS ? Math.round(ms * NS_PER_MS) / NS_PER_MS : ms;
}

/** A request's duration as the store keeps it: to the nanosecond, with NaN and negatives as 0. */
export function keptDuration(ms: number): number {
  return onNanosecondGrid(Number.isNaN(ms) ? 0 : Math.max(ms, 0));
}

/** The whole nanoseconds `ms` stands for, when it is on the grid and non-negative; otherwise -1. */
export function nanosecondsOf(ms: number): number {
  if (!(ms >= 0 && ms < GRID_LIMIT_MS)) return -1;
  const ns = Math.round(ms * NS_PER_MS);
  return ns / NS_PER_MS === ms ? ns : -1;
}
