import type { DependencyKind } from './CallRecord.js';

/** What a row of the call buckets counts. */
export const CallRowKind = Object.freeze({
  /** Every call to a dependency × operation of a source: the rollup per dependency. */
  Dependency: 0,
  /** The calls an endpoint's requests made to a dependency × operation: where its time goes. */
  EndpointShare: 1,
  /** Requests of an endpoint that made N or more calls of one statement: count and calls per request. */
  NPlusOne: 2,
} as const);

/** One of {@link CallRowKind}'s values. */
export type CallRowKind = (typeof CallRowKind)[keyof typeof CallRowKind];

/** Name of the dependency, operation and endpoint that rows past a limit fold into. */
export const OTHER_CALL_ROW = 'other';

/** One row of the call buckets, interned by {@link DependencyRows}. */
export interface CallRow {
  /** Position in the row table (reused once the row is forgotten). */
  readonly index: number;
  readonly rowKind: CallRowKind;
  /** `service.name` of the calling process (folded by the store's source limits). */
  readonly service: string;
  /** Instance of the calling process. */
  readonly instance: string;
  /** The endpoint whose requests made the calls; `''` for dependency rows. */
  readonly endpoint: string;
  readonly dependency: string;
  readonly kind: DependencyKind;
  readonly system: string;
  /** The operation; for N+1 rows the normalised statement (or the HTTP method). */
  readonly operation: string;
  /** True for a row that calls past a limit fold into. */
  readonly other: boolean;
  /** Start of the newest bucket holding the row: rows no retained bucket holds are forgotten. */
  lastBucketStart: number;
  /** N+1 rows: the trace of the newest flagged request; `''` otherwise. */
  traceId: string;
}
