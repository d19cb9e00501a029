import type { DependencyKind } from './CallRecord.js';
import type { CallRowKind } from './CallRow.js';

/**
 * A saved row: kind of row, service, instance, endpoint (`''` for a
 * dependency row), dependency, dependency kind, system, operation (the
 * statement for an N+1 row), 1 for an `other` row, and the N+1 row's trace.
 */
export type CallRowData = [
  rowKind: CallRowKind,
  service: string,
  instance: string,
  endpoint: string,
  dependency: string,
  kind: DependencyKind,
  system: string,
  operation: string,
  other: 0 | 1,
  traceId: string,
];

/** A saved bucket: its start, its packed rows (base64, rows named by position in `rows`) and its losses. */
export interface CallBucketData {
  readonly start: number;
  readonly rows: string;
  readonly unattributed: number;
  readonly unjoined: number;
  readonly folded: number;
}

/** The dependency rollup as a snapshot holds it (the `dependencies` field, from issue 23). */
export interface DependenciesData {
  /** The rows by their index in the table (null: a free index), as the buckets name them. */
  readonly rows: (CallRowData | null)[];
  readonly tiers: { readonly widthMs: number; readonly buckets: CallBucketData[] }[];
  /** The hour roll-up cursor; null before the first. */
  readonly rolledBefore: number | null;
  readonly recordedCalls: number;
  readonly foldedCalls: number;
  readonly unjoinedCalls: number;
  readonly unattributedCalls: number;
}
