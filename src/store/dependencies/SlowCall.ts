import type { DependencyKind } from './CallRecord.js';

/** One held call of the slowest calls, as read out. */
export interface SlowCall {
  /** When it finished, epoch milliseconds. */
  readonly timestampMs: number;
  readonly durationMs: number;
  /** The calling process, as the store's source limits named it. */
  readonly service: string;
  readonly instance: string;
  /** The dependency and operation, as the store's row limits named them (`other` past one). */
  readonly dependency: string;
  readonly operation: string;
  readonly kind: DependencyKind;
  readonly system: string;
  /** The normalised statement (literals masked); undefined when the call had none. */
  readonly statement: string | undefined;
  readonly error: boolean;
  /** Set only with `error`. */
  readonly errorType: string | undefined;
  /** The HTTP response status, when there was one. */
  readonly statusCode: number | undefined;
  /** Lower-case hex; `''` when the span had no valid trace id. */
  readonly traceId: string;
  readonly spanId: string;
}
