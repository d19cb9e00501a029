/** Error groups as saved in a store snapshot (version 3). */
export interface ErrorGroupsData {
  readonly groups: readonly {
    readonly source: number;
    readonly endpoint: string;
    readonly errorType: string;
    readonly template: string;
    readonly other: boolean;
    readonly firstSeenMs: number;
    readonly lastSeenMs: number;
    readonly sampleTraceId: string;
  }[];
  /** Keys are `group position * 1000 + status`. */
  readonly tiers: readonly {
    readonly widthMs: number;
    readonly buckets: readonly {
      readonly start: number;
      readonly keys: readonly number[];
      readonly counts: readonly number[];
    }[];
  }[];
  readonly overflowed: number;
  /** Every hour before this has been rolled up; null before the first (or without hours). */
  readonly rolledBefore?: number | null | undefined;
}
