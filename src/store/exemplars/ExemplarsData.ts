import type { ExemplarTuple } from './ExemplarBucket.js';

/** Exemplars as saved in a store snapshot (version 3). */
export interface ExemplarsData {
  readonly tiers: readonly {
    readonly widthMs: number;
    readonly buckets: readonly {
      readonly start: number;
      readonly rows: readonly {
        readonly endpoint: string;
        readonly source: number;
        readonly exemplars: readonly ExemplarTuple[];
      }[];
    }[];
  }[];
  /** Bin counts of the hour being built, per endpoint, so its roll-up still reads its quantiles. */
  readonly hourCounts: readonly {
    readonly start: number;
    readonly endpoint: string;
    readonly source: number;
    readonly lo: number;
    readonly counts: readonly number[];
  }[];
  /** The current minute's candidates per endpoint (absent: none). */
  readonly live?:
    | {
        readonly start: number;
        readonly rows: readonly {
          readonly endpoint: string;
          readonly source: number;
          readonly lo: number;
          readonly counts: readonly number[];
          readonly firsts: readonly ExemplarTuple[];
          readonly top: readonly ExemplarTuple[];
        }[];
      }
    | undefined;
  /** Every hour before this has been rolled up; null before the first. */
  readonly rolledBefore: number | null;
  readonly dropped: number;
}
