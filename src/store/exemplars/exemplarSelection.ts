import { valueOfBin } from '../sketch/sketchBins.js';
import type { Candidate } from './Exemplar.js';

/**
 * The quantiles each bucket keeps an exemplar at: the candidate closest to
 * the bucket's p95, p99 and p99.9 (by the sketch's bins, so a minute's pick
 * lies in the very bin the quantile is read from, within 1%). The API shows
 * exemplars near p95 and p99 only: p50 and p90 picks would cost 2 of every
 * 7 exemplars held for nothing it serves.
 */
export const EXEMPLAR_QUANTILES: readonly number[] = [0.95, 0.99, 0.999];

/** Latency counts per sketch bin, from bin `lo`: what the quantiles are read from. */
export interface BinCounts {
  lo: number;
  counts: Float64Array | Uint32Array;
  /** Sum of `counts`. */
  n: number;
}

/** The bin holding the nearest-rank quantile `q` (as SketchAccumulator reads it), or -1 when empty. */
export function quantileBin(bins: BinCounts, q: number): number {
  if (bins.n === 0) return -1;
  const rank = Math.min(Math.floor(bins.n * q), bins.n - 1);
  let seen = 0;
  for (let i = 0; i < bins.counts.length; i++) {
    seen += bins.counts[i] ?? 0;
    if (seen > rank) return bins.lo + i;
  }
  return bins.lo + bins.counts.length - 1;
}

/**
 * The exemplars a bucket keeps out of `candidates`: its `slowest` slowest,
 * then for each of {@link EXEMPLAR_QUANTILES} the candidate closest to that
 * quantile of `bins` (skipped when `bins` is empty), without repeats. In
 * priority order: the slowest first, then the quantiles from p99 down, so a
 * bucket trimmed by the global limit keeps what matters most.
 */
export function selectExemplars(
  candidates: readonly Candidate[],
  bins: BinCounts,
  slowest: number,
): Candidate[] {
  if (candidates.length === 0) return [];
  const bySlowest = withoutRepeats([...candidates].sort((a, b) => b.durationMs - a.durationMs));
  const unique = bySlowest;
  const out: Candidate[] = bySlowest.slice(0, slowest);
  const maxMs = bySlowest[0]?.durationMs ?? 0;
  const minMs = bySlowest[bySlowest.length - 1]?.durationMs ?? 0;
  const order = [...EXEMPLAR_QUANTILES].sort((a, b) => b - a);
  for (const q of order) {
    const bin = quantileBin(bins, q);
    if (bin < 0) continue;
    const target = Math.min(maxMs, Math.max(minMs, valueOfBin(bin)));
    let best: Candidate | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const c of unique) {
      const distance = Math.abs(c.durationMs - target);
      if (distance < bestDistance) {
        best = c;
        bestDistance = distance;
      }
    }
    if (best !== undefined && !out.includes(best)) out.push(best);
  }
  return out;
}

/** True when `a` and `b` are one request: the same trace id, time, duration and status. */
function sameRequest(a: Candidate, b: Candidate): boolean {
  return (
    a.durationMs === b.durationMs &&
    a.statusCode === b.statusCode &&
    (a.timestampMs === b.timestampMs ||
      (Number.isNaN(a.timestampMs) && Number.isNaN(b.timestampMs))) &&
    a.traceId === b.traceId
  );
}

/**
 * `sorted` (slowest first, a stable sort) without repeats: one request can
 * be a candidate twice (a slowest one, and the first of its bin). A repeat
 * has the same duration, so it sits in the same run of equal durations,
 * after its first occurrence: each candidate is compared with the kept
 * ones of its run only, not keyed by a string built per candidate.
 */
function withoutRepeats(sorted: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  let runStart = 0;
  for (const c of sorted) {
    if (out.length > 0 && (out[out.length - 1] as Candidate).durationMs !== c.durationMs) {
      runStart = out.length;
    }
    let repeat = false;
    for (let k = runStart; k < out.length && !repeat; k++)
      repeat = sameRequest(out[k] as Candidate, c);
    if (!repeat) out.push(c);
  }
  return out;
}
