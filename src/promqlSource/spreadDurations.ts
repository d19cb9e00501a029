import type { AggregateRecord } from '../store/AggregateStore.js';
import { chunkOf } from './aggregatesOf.js';
import { LowestFirst } from './LowestFirst.js';

/** The series and stretch an aggregate belongs to. */
function keyOf(agg: AggregateRecord, stretch: number): string {
  return [
    agg.endpoint,
    agg.method,
    agg.statusCode,
    agg.errorType ?? '',
    agg.service ?? '',
    agg.instance ?? '',
    stretch,
  ].join('\u0000');
}

/** A stretch's durations, merged over the engine series that name the same request series. */
interface Durations {
  sumMs: number;
  readonly weights: Map<number, number>;
}

/**
 * Per-chunk aggregates with durations, from per-chunk counts (`counts`,
 * exact, no durations) and per-stretch durations (`durations`, one per
 * series and stretch between consecutive `edges`): each stretch's
 * durations are dealt out to its chunks, lowest first, so that every chunk
 * holds as many durations as requests (a bucket's request total and its
 * latency sketch agree) and every stretch holds exactly its durations. A
 * window that sums whole stretches reads the same latency as a read per
 * chunk would give; one chart step inside a stretch would not, so this is
 * for answers without a latency chart. A chunk the durations fall short of
 * takes the stretch's mean; durations beyond the counts are left out.
 */
export function spreadDurations(
  counts: readonly AggregateRecord[],
  durations: readonly AggregateRecord[],
  edges: readonly number[],
): AggregateRecord[] {
  const stretchOf = (t: number) => edges[Math.max(0, chunkOf(edges, t))] as number;
  const held = new Map<string, Durations>();
  for (const d of durations) {
    const key = keyOf(d, stretchOf(d.timestampMs));
    let h = held.get(key);
    if (h === undefined) {
      h = { sumMs: 0, weights: new Map() };
      held.set(key, h);
    }
    h.sumMs += d.sumMs;
    for (let i = 0; i < d.valuesMs.length; i++) {
      const v = d.valuesMs[i] as number;
      h.weights.set(v, (h.weights.get(v) ?? 0) + (d.weights[i] ?? 0));
    }
  }
  const chunksOf = new Map<string, AggregateRecord[]>();
  for (const c of counts) {
    const key = keyOf(c, stretchOf(c.timestampMs));
    const list = chunksOf.get(key);
    if (list === undefined) chunksOf.set(key, [c]);
    else list.push(c);
  }
  const out: AggregateRecord[] = [];
  for (const [key, chunks] of chunksOf) {
    const h = held.get(key);
    const values = h === undefined ? [] : [...h.weights].sort((a, b) => a[0] - b[0]);
    const total = chunks.reduce((n, c) => n + c.count, 0);
    const weighed = values.reduce((n, [, w]) => n + w, 0);
    const sumMs = h?.sumMs ?? 0;
    const meanMs = weighed > 0 ? sumMs / weighed : 0;
    const cursor = new LowestFirst(values, meanMs);
    for (const chunk of chunks) {
      const { valuesMs, weights } = cursor.take(chunk.count);
      out.push({
        ...chunk,
        sumMs: total > 0 ? (sumMs * chunk.count) / total : 0,
        valuesMs,
        weights,
      });
    }
  }
  return out;
}
