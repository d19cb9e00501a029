import type { DependencyKind } from './CallRecord.js';

/**
 * One held call as saved: trace id, span id, time, duration, HTTP status
 * (0: none), 1 when an error, error type (`''`: none), statement (`''`:
 * none), and its operation.
 */
export type SlowCallTuple = [
  traceId: string,
  spanId: string,
  timestampMs: number,
  durationMs: number,
  statusCode: number,
  error: 0 | 1,
  errorType: string,
  statement: string,
  operation: string,
];

/** One row of a {@link SlowCallsData}: a dependency of a source, or (operation set) one of its operations. */
export interface SlowCallsRowData {
  readonly service: string;
  readonly instance: string;
  readonly dependency: string;
  readonly kind: DependencyKind;
  readonly system: string;
  /** The operation of an operation row; null for the dependency's row. */
  readonly operation: string | null;
  /** Newest time of a call the row's cap dropped; null when none. */
  readonly droppedThrough: number | null;
  /** Held calls and the current minute's, in no particular order. */
  readonly calls: readonly SlowCallTuple[];
}

/** The slowest calls as a snapshot holds them (the `slowCalls` field, from issue 23). */
export interface SlowCallsData {
  readonly rows: readonly SlowCallsRowData[];
  /** Calls not held because the row limit was reached, since start. */
  readonly droppedCalls: number;
}
