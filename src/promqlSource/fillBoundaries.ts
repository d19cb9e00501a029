import { chooseStepMs } from '../dashboard/queries/timeSteps.js';
import { floorTo } from '../store/floorTo.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** How far back fine (minute) buckets reach in a store: a window older than this starts on an hour. */
const FINE_SPAN_MS = 24 * HOUR_MS;
/** Fill grids, finest first: each divides the next, and the store's quarters and hours. */
const GRIDS_MS = [1, 5, 15, 60].map((m) => m * MINUTE_MS);

/**
 * The fill grid of a chart over `chartMs`: the coarsest of 1, 5, 15 and 60
 * minutes that divides the chart's step, so every step sums whole chunks.
 */
export function fillGridMs(chartMs: number): number {
  const resolution = chartMs > FINE_SPAN_MS ? HOUR_MS : MINUTE_MS;
  const step = chooseStepMs(chartMs + MINUTE_MS, resolution);
  let grid = MINUTE_MS;
  for (const g of GRIDS_MS) if (step % g === 0) grid = g;
  return grid;
}

/** Where a window of `windowMs` ending at `nowMs` starts in the store: a minute, or an hour past the fine span. */
export function windowStartOf(nowMs: number, windowMs: number): number {
  const start = floorTo(nowMs - windowMs, MINUTE_MS);
  // The store's minutes reach back a day from the current minute.
  return start < floorTo(nowMs, MINUTE_MS) - FINE_SPAN_MS ? floorTo(start, HOUR_MS) : start;
}

/**
 * The chunk boundaries a window is filled by, ascending, from the start
 * of the longest window to `nowMs` (the last): the grid's multiples and
 * each window's own start, so every window's
 * total and every chart step sums whole chunks. A chunk never straddles an
 * hour older than the fine span.
 */
export function fillBoundaries(
  nowMs: number,
  windowsMs: readonly number[],
  gridMs: number,
): number[] {
  const starts = windowsMs.map((w) => windowStartOf(nowMs, w));
  const first = Math.min(...starts, floorTo(nowMs, MINUTE_MS));
  const set = new Set<number>([first, ...starts, nowMs]);
  for (let t = floorTo(first, gridMs) + gridMs; t < nowMs; t += gridMs) set.add(t);
  // Past the fine span the store keeps hours: a chunk there must stay inside one.
  const fineFrom = floorTo(nowMs, MINUTE_MS) - FINE_SPAN_MS;
  for (let t = floorTo(first, HOUR_MS) + HOUR_MS; t < fineFrom; t += HOUR_MS) set.add(t);
  return [...set].filter((t) => t >= first && t <= nowMs).sort((a, b) => a - b);
}
