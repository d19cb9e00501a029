import type {
  NativeHistogramSample,
  PromQlClient,
  RawSample,
  RawSeries,
} from '../promql/PromQlClient.js';
import { labelSetKey } from './labelSetKey.js';

/** One series' values at the boundaries, as they are gathered. */
interface Gathered {
  readonly metric: Readonly<Record<string, string>>;
  readonly floats: Map<number, number>;
  readonly histograms: Map<number, NativeHistogramSample>;
}

/**
 * The series of `selector` as their values at each chunk boundary rather
 * than every raw sample: at each boundary `b` but the last, the value just
 * before it (at `b - 1` ms: the last sample of the chunk before, as the raw
 * samples file it), stamped `b - 1`; at the last (now), the value now. Fed
 * to the same reset-aware increments, a chunk's increment is the difference
 * of its end values: exactly the sum of its raw increments when no reset
 * falls inside it, at a fraction of the samples (a point a chunk, not one a
 * scrape). `reset` is true when a value drops: the caller then reads the
 * raw samples, which see the reset.
 *
 * Boundaries on the grid come from one subquery
 * (`(sel offset 1ms)[range:step]`); the others (window starts, now) from
 * instant queries. A `gridMs` of 0: instant queries alone. `around`, when
 * given, wraps the selector (with its offset) in an expression, such as a
 * sum per process: the engine then answers with that expression's series.
 */
export async function boundarySamples(
  client: PromQlClient,
  selector: string,
  boundaries: readonly number[],
  gridMs: number,
  around: (selector: string) => string = (s) => s,
): Promise<{ series: RawSeries[]; reset: boolean }> {
  const nowMs = boundaries[boundaries.length - 1] as number;
  const wanted = new Set(boundaries.slice(0, -1));
  const first = boundaries[0] as number;
  const gathered = new Map<string, Gathered>();
  const take = (metric: Readonly<Record<string, string>>) => {
    const id = labelSetKey(metric);
    let g = gathered.get(id);
    if (g === undefined) {
      g = { metric, floats: new Map(), histograms: new Map() };
      gathered.set(id, g);
    }
    return g;
  };
  const covered = new Set<number>();
  const subquery = async (stepMs: number, fromMs: number): Promise<void> => {
    const rangeMs = Math.ceil((nowMs - fromMs + stepMs) / 1000) * 1000;
    const answer = await client.matrix(
      `(${around(`${selector} offset 1ms`)})[${rangeMs}ms:${stepMs}ms]`,
      nowMs,
    );
    for (const s of answer) {
      const g = take(s.metric);
      for (const p of s.samples) if (wanted.has(p.t)) g.floats.set(p.t - 1, p.v);
      for (const h of s.histograms)
        if (wanted.has(h.t)) g.histograms.set(h.t - 1, { ...h, t: h.t - 1 });
    }
  };
  const instant = async (atMs: number, stamp: number): Promise<void> => {
    for (const s of await client.instant(around(selector), atMs)) {
      const g = take(s.metric);
      if (s.histogram !== undefined) g.histograms.set(stamp, { ...s.histogram, t: stamp });
      else if (Number.isFinite(s.value)) g.floats.set(stamp, s.value);
    }
  };
  if (gridMs > 0) for (const b of wanted) if (b % gridMs === 0) covered.add(b);
  await Promise.all([
    ...(covered.size > 0 ? [subquery(gridMs, first)] : []),
    ...[...wanted].filter((b) => !covered.has(b)).map((b) => instant(b - 1, b - 1)),
    instant(nowMs, nowMs),
  ]);
  let reset = false;
  const series: RawSeries[] = [];
  for (const g of gathered.values()) {
    const samples: RawSample[] = [...g.floats]
      .sort((a, b) => a[0] - b[0])
      .map(([t, v]) => ({ t, v }));
    const histograms = [...g.histograms.values()].sort((a, b) => a.t - b.t);
    for (let i = 1; i < samples.length; i++) {
      if ((samples[i] as RawSample).v < (samples[i - 1] as RawSample).v) reset = true;
    }
    for (let i = 1; i < histograms.length; i++) {
      if (
        (histograms[i] as NativeHistogramSample).count <
        (histograms[i - 1] as NativeHistogramSample).count
      )
        reset = true;
    }
    series.push({ metric: g.metric, samples, histograms });
  }
  return { series, reset };
}
