import { forEachHistogramIncrement } from '../promql/exactHistogramIncrease.js';
import { forEachIncrement } from '../promql/exactIncrease.js';
import type { RawSample, RawSeries } from '../promql/PromQlClient.js';
import type { AggregateRecord } from '../store/AggregateStore.js';
import { bucketValue } from './bucketValue.js';
import { ChunkLatency } from './ChunkLatency.js';
import { labelSetKey } from './labelSetKey.js';
import { type RequestLabels, requestLabelsOf, type SourceLabels } from './requestLabels.js';

/** The request duration histogram on `/metrics`, in seconds: native under this name, classic as `_bucket`, `_count`, `_sum`. */
export const DURATION_METRIC = 'http_server_request_duration';
const MS_PER_S = 1000;

/** The chunk index of time `t` among ascending `boundaries` (the last chunk ends at, and holds, the last boundary); -1 outside. */
export function chunkOf(boundaries: readonly number[], t: number): number {
  const last = boundaries.length - 1;
  if (last < 1 || t < (boundaries[0] as number) || t > (boundaries[last] as number)) return -1;
  let lo = 0;
  let hi = last - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((boundaries[mid] as number) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** One series' chunks, created as increments arrive. */
class SeriesChunks {
  readonly chunks = new Map<number, ChunkLatency>();
  constructor(readonly labels: RequestLabels) {}

  at(k: number): ChunkLatency {
    let chunk = this.chunks.get(k);
    if (chunk === undefined) {
      chunk = new ChunkLatency();
      this.chunks.set(k, chunk);
    }
    return chunk;
  }
}

/** The labels a histogram's parts differ by: the classic parts of one histogram share the rest. */
const PART_LABELS: ReadonlySet<string> = new Set(['__name__', 'le']);

/**
 * The engine's raw samples of the duration histogram as the store's
 * aggregates: per series and per chunk of `boundaries` (ascending; samples
 * in `[first, last]`), the exact count and sum of the requests (reset-aware
 * increments of the raw samples, never an extrapolated `increase()`), and
 * the durations as each bucket's increment at the bucket's value. Native
 * histograms give their buckets; a series with classic buckets only, its
 * `le` buckets (the count from `_count`, the sum from `_sum`).
 */
export function aggregatesOf(
  raw: readonly RawSeries[],
  boundaries: readonly number[],
  names: SourceLabels,
): AggregateRecord[] {
  const first = boundaries[0] ?? 0;
  const isNew = (t: number) => t >= first;
  const all = new Map<string, SeriesChunks>();
  const seriesOf = (metric: Readonly<Record<string, string>>): SeriesChunks => {
    const id = labelSetKey(metric, PART_LABELS);
    let s = all.get(id);
    if (s === undefined) {
      s = new SeriesChunks(requestLabelsOf(metric, names));
      all.set(id, s);
    }
    return s;
  };
  /** Classic `le` increments per series identity, chunk and bound: folded into buckets once all are read. */
  const classic = new Map<SeriesChunks, Map<number, Map<number, number>>>();
  const eachIncrement = (samples: readonly RawSample[], visit: (k: number, inc: number) => void) =>
    forEachIncrement(samples, isNew, (t, inc) => {
      const k = chunkOf(boundaries, t);
      if (k >= 0) visit(k, inc);
    });
  for (const series of raw) {
    const name = series.metric.__name__ ?? DURATION_METRIC;
    const s = seriesOf(series.metric);
    if (series.histograms.length > 0) {
      forEachHistogramIncrement(series.histograms, isNew, (t, inc) => {
        const k = chunkOf(boundaries, t);
        if (k < 0) return;
        const chunk = s.at(k);
        chunk.count += inc.count;
        chunk.sumMs += inc.sum * MS_PER_S;
        for (const b of inc.buckets)
          chunk.addValue(bucketValue(b.lower, b.upper) * MS_PER_S, b.count);
      });
    }
    if (name.endsWith('_count')) {
      eachIncrement(series.samples, (k, inc) => {
        s.at(k).count += inc;
      });
    } else if (name.endsWith('_sum')) {
      eachIncrement(series.samples, (k, inc) => {
        s.at(k).sumMs += inc * MS_PER_S;
      });
    } else if (name.endsWith('_bucket')) {
      const le = series.metric.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(series.metric.le);
      if (Number.isNaN(le)) continue;
      let byChunk = classic.get(s);
      if (byChunk === undefined) {
        byChunk = new Map();
        classic.set(s, byChunk);
      }
      const perChunk = byChunk;
      eachIncrement(series.samples, (k, inc) => {
        let bounds = perChunk.get(k);
        if (bounds === undefined) {
          bounds = new Map();
          perChunk.set(k, bounds);
        }
        bounds.set(le, (bounds.get(le) ?? 0) + inc);
      });
    }
  }
  for (const [s, byChunk] of classic) {
    for (const [k, bounds] of byChunk) {
      const chunk = s.at(k);
      let lower = 0;
      let below = 0;
      for (const [le, cumulative] of [...bounds].sort((a, b) => a[0] - b[0])) {
        chunk.addValue(bucketValue(lower, le) * MS_PER_S, cumulative - below);
        below = Math.max(below, cumulative);
        lower = le;
      }
    }
  }
  const out: AggregateRecord[] = [];
  for (const s of all.values()) {
    for (const [k, chunk] of s.chunks) {
      const count = Math.round(chunk.count);
      if (count <= 0) continue;
      const { valuesMs, weights } = chunk.weighted();
      out.push({
        timestampMs: boundaries[k] as number,
        ...s.labels,
        count,
        sumMs: Math.max(0, chunk.sumMs),
        valuesMs,
        weights,
      });
    }
  }
  return out;
}
