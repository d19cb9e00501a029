import type { FrozenBucket } from './FrozenBucket.js';

/** One tier's content, as `BucketTiers.snapshot` gives it. */
export interface TierSnapshot {
  readonly widthMs: number;
  /** Every bucket of this tier before this has been rolled up from its source. */
  readonly closedBefore: number;
  /** Non-empty buckets, oldest first. */
  readonly buckets: readonly FrozenBucket[];
}
