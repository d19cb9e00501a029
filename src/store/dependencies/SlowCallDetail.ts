import type { SlowRequest } from '../slowest/SlowRequest.js';
import type { DependencyKind } from './CallRecord.js';
import type { SlowCall } from './SlowCall.js';
import type { SlowCallRow } from './SlowCallRow.js';
import type { SlowCallTuple } from './SlowCallsData.js';

/** The names every call of an operation row shares. */
export interface SlowCallNames extends SlowCallRow {
  readonly kind: DependencyKind;
  readonly system: string;
}

/** What a held call keeps beside the slowest lists' own fields. */
export interface SlowCallDetail {
  readonly names: SlowCallNames;
  readonly statement: string | undefined;
  readonly error: boolean;
  readonly errorType: string | undefined;
}

/** A held call as read out. */
export function slowCallOf(r: SlowRequest<SlowCallDetail>): SlowCall {
  const { names, statement, error, errorType } = r.key;
  return {
    timestampMs: r.timestampMs,
    durationMs: r.durationMs,
    service: names.service,
    instance: names.instance,
    dependency: names.dependency,
    operation: names.operation,
    kind: names.kind,
    system: names.system,
    statement,
    error,
    errorType,
    statusCode: r.statusCode === 0 ? undefined : r.statusCode,
    traceId: r.traceId,
    spanId: r.spanId,
  };
}

/** A held call as saved. */
export function slowCallTuple(r: SlowRequest<SlowCallDetail>): SlowCallTuple {
  const { names, statement, error, errorType } = r.key;
  return [
    r.traceId,
    r.spanId,
    r.timestampMs,
    r.durationMs,
    r.statusCode,
    error ? 1 : 0,
    errorType ?? '',
    statement ?? '',
    names.operation,
  ];
}

/** A saved call as the held lists take it, its statement shared by `shared`. */
export function slowCallRequest(
  tuple: SlowCallTuple,
  names: SlowCallNames,
  shared: (statement: string) => string,
): SlowRequest<SlowCallDetail> {
  const [traceId, spanId, timestampMs, durationMs, statusCode, error, errorType, statement] = tuple;
  return {
    key: {
      names,
      statement: statement === '' ? undefined : shared(statement),
      error: error === 1,
      errorType: error === 1 && errorType !== '' ? errorType : undefined,
    },
    timestampMs,
    durationMs,
    statusCode,
    method: '',
    traceId,
    spanId,
  };
}
