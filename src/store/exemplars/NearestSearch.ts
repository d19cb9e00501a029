import type { EndpointKey } from '../EndpointKey.js';
import type { Candidate, Exemplar } from './Exemplar.js';
import type { ExemplarBucket } from './ExemplarBucket.js';

/** Where a held exemplar is: a packed bucket, or the current minute's chosen candidates of a row. */
export type ExemplarHolder = ExemplarBucket | readonly Candidate[];

/** {@link NearestSearch.groupOf}'s answer for a row the search skips. */
export const SKIP_ROW = -2;
/** {@link NearestSearch.groupOf}'s answer for a row offered to the shared group only. */
export const NO_GROUP = -1;

/** Targets per group of a {@link NearestSearch}: a query's p95 and p99. */
export const TARGETS_PER_GROUP = 2;

/**
 * A search for the held exemplar nearest each of two target durations,
 * in groups (one per endpoint, say) plus an optional shared group every
 * row is also offered to (the whole window). {@link ExemplarStore.nearest}
 * runs it in one tight loop over the packed arrays: no call, closure or
 * object per exemplar, and only the winners are built. The first of
 * equally close ones wins, in the order {@link ExemplarStore.collect}
 * lists them, as a search over every built exemplar would pick.
 */
export class NearestSearch {
  /** Targets, two per group: group `g`'s target `t` is at `2 * g + t`. */
  readonly targets: Float64Array;
  /** Distance of the best so far, per target. */
  readonly distances: Float64Array;
  /** Where the best so far is held (a packed bucket, or a live candidate), per target. */
  readonly holders: (ExemplarHolder | undefined)[];
  /** The best so far's index in its holder, per target. */
  readonly indexes: Int32Array;
  /** The best's row key, per target. */
  readonly keys: (EndpointKey | undefined)[];
  /** The winners, built once the scan is done (undefined: none offered). */
  readonly found: (Exemplar | undefined)[];

  /**
   * @param groups groups, the shared one included
   * @param shared the shared group's index, or -1 for none
   * @param groupOf a row's group (never the shared one), {@link NO_GROUP}, or {@link SKIP_ROW}
   */
  constructor(
    readonly groups: number,
    readonly shared: number,
    readonly groupOf: (key: EndpointKey) => number,
  ) {
    const n = groups * TARGETS_PER_GROUP;
    this.targets = new Float64Array(n);
    this.distances = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    this.holders = new Array<ExemplarHolder | undefined>(n).fill(undefined);
    this.indexes = new Int32Array(n).fill(-1);
    this.keys = new Array<EndpointKey | undefined>(n).fill(undefined);
    this.found = new Array<Exemplar | undefined>(n).fill(undefined);
  }

  /** Offers one exemplar (of duration `d`, at `index` of `holder`) to group `g`'s targets. */
  offer(g: number, d: number, holder: ExemplarHolder, index: number, key: EndpointKey): void {
    for (let slot = g * TARGETS_PER_GROUP; slot < (g + 1) * TARGETS_PER_GROUP; slot++) {
      const distance = Math.abs(d - (this.targets[slot] as number));
      if (distance < (this.distances[slot] as number))
        this.take(slot, distance, holder, index, key);
    }
  }

  /** Makes the exemplar at `index` of `holder` the best of target `slot`, `distance` from it. */
  take(
    slot: number,
    distance: number,
    holder: ExemplarHolder,
    index: number,
    key: EndpointKey,
  ): void {
    this.distances[slot] = distance;
    this.holders[slot] = holder;
    this.indexes[slot] = index;
    this.keys[slot] = key;
  }
}
