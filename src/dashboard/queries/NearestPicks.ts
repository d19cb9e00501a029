import type { Exemplar } from '../../store/exemplars/Exemplar.js';
import type { HeldTake } from '../../store/exemplars/ExemplarStore.js';
import { exemplarJson, type NearExemplarJson } from './exemplarJson.js';
import { round2 } from './numbers.js';

/**
 * The held request closest to each of a few target durations, found while
 * the store's exemplars are scanned: only the one nearest so far is kept
 * per target (as a way to build it), so nothing else is materialized. The
 * first of equally close ones wins, as {@link nearestExemplar} picks.
 */
export class NearestPicks {
  private readonly distances: number[];
  private readonly takes: (HeldTake | undefined)[];
  private readonly indexes: number[];

  constructor(readonly targetsMs: readonly number[]) {
    this.distances = targetsMs.map(() => Number.POSITIVE_INFINITY);
    this.takes = targetsMs.map(() => undefined);
    this.indexes = targetsMs.map(() => -1);
  }

  /** Offers one held exemplar. */
  offer(durationMs: number, take: HeldTake, index: number): void {
    for (let t = 0; t < this.targetsMs.length; t++) {
      const d = Math.abs(durationMs - (this.targetsMs[t] as number));
      if (d < (this.distances[t] as number)) {
        this.distances[t] = d;
        this.takes[t] = take;
        this.indexes[t] = index;
      }
    }
  }

  /** The pick for target `t`, as the JSON API shows it, or null when none was offered. */
  json(t: number): NearExemplarJson | null {
    const take = this.takes[t];
    if (take === undefined) return null;
    const best: Exemplar = take(this.indexes[t] as number);
    const percentileMs = this.targetsMs[t] as number;
    const distance = this.distances[t] as number;
    const pct = percentileMs > 0 ? (100 * distance) / percentileMs : 0;
    return {
      ...exemplarJson(best),
      percentile_ms: round2(percentileMs),
      distance_pct: Math.round(pct * 1000) / 1000,
    };
  }
}
