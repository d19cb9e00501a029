import type { LatencyPointAnswer, RequestsPointAnswer } from './apiTypes.js';

/** A chart's values for one series; null leaves a gap. */
export type Column = (number | null)[];

/** One reading of saturation, taken by the page on each refresh. */
export interface SaturationSample {
  /** Seconds since the epoch, as uPlot's time axis wants. */
  t: number;
  inFlight: number;
  loopDelayP99Ms: number;
}

/** How many saturation samples the page keeps: an hour at one per 5 s. */
export const MAX_SATURATION_SAMPLES = 720;

const round2 = (v: number): number => Math.round(v * 100) / 100;

/** Each point's `timestamp` in seconds since the epoch. */
export function secondsOf(points: readonly { timestamp: string }[]): number[] {
  return points.map((p) => Date.parse(p.timestamp) / 1000);
}

/** Requests per step: `[x, count]`. */
export function trafficColumns(points: readonly RequestsPointAnswer[]): [number[], Column] {
  return [secondsOf(points), points.map((p) => p.count)];
}

/**
 * Error rate per step in percent, 4xx and 5xx apart: `[x, 4xx %, 5xx %]`.
 * A step without requests has no rate (null), rather than a misleading 0.
 */
export function errorRateColumns(
  points: readonly RequestsPointAnswer[],
): [number[], Column, Column] {
  const pct = (part: number, whole: number) => (whole > 0 ? round2((part / whole) * 100) : null);
  return [
    secondsOf(points),
    points.map((p) => pct(p.errors - p.server_errors, p.count)),
    points.map((p) => pct(p.server_errors, p.count)),
  ];
}

/** Latency percentiles per step: `[x, p50, p95, p99]`, null where a step had no requests. */
export function latencyColumns(
  points: readonly LatencyPointAnswer[],
): [number[], Column, Column, Column] {
  return [
    secondsOf(points),
    points.map((p) => p.p50_ms),
    points.map((p) => p.p95_ms),
    points.map((p) => p.p99_ms),
  ];
}

/** Saturation samples as `[x, in flight, event-loop delay p99 ms]`. */
export function saturationColumns(
  samples: readonly SaturationSample[],
): [number[], Column, Column] {
  return [
    samples.map((s) => s.t),
    samples.map((s) => s.inFlight),
    samples.map((s) => s.loopDelayP99Ms),
  ];
}

/** A copy with `sample` appended, keeping the newest `limit` samples. */
export function appendSample(
  samples: readonly SaturationSample[],
  sample: SaturationSample,
  limit: number = MAX_SATURATION_SAMPLES,
): SaturationSample[] {
  const next = [...samples, sample];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

/**
 * Indices of values with no value on either side. A line through them has
 * no length, so the chart marks them with a dot instead, or a lone busy
 * minute would not show at all.
 */
export function isolatedIndices(values: Column): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (values[i] == null) continue;
    const before = i > 0 ? values[i - 1] : null;
    const after = i < values.length - 1 ? values[i + 1] : null;
    if (before == null && after == null) out.push(i);
  }
  return out;
}

/** The top of a y axis that starts at 0: a little room above the largest value, at least `floor`. */
export function axisTop(max: number | null, floor = 1): number {
  if (max === null || !Number.isFinite(max) || max <= 0) return floor;
  return Math.max(floor, max * 1.15);
}

/** An x range covering `xs` with `padSeconds` of room each side (half a step keeps edge bars whole). */
export function paddedRange(xs: readonly number[], padSeconds: number): [number, number] {
  const first = xs[0];
  const last = xs[xs.length - 1];
  if (first === undefined || last === undefined) return [0, 1];
  return [first - padSeconds, last + padSeconds];
}

/** Shortest span the saturation chart shows, in seconds, so its first samples are not stretched. */
export const MIN_SATURATION_SPAN_S = 60;

/** The saturation chart's x range: all samples, at least {@link MIN_SATURATION_SPAN_S} wide. */
export function saturationRange(xs: readonly number[]): [number, number] {
  const first = xs[0];
  const last = xs[xs.length - 1];
  if (first === undefined || last === undefined) return [0, 1];
  return [Math.min(first, last - MIN_SATURATION_SPAN_S), last + 2.5];
}
