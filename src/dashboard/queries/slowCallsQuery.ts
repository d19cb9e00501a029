import type { DependencyKind } from '../../store/dependencies/CallRecord.js';
import type { SlowCall } from '../../store/dependencies/SlowCall.js';
import { SLOW_CALL_ROW_LIMIT } from '../../store/dependencies/SlowCalls.js';
import type { RequestStore } from '../../store/RequestStore.js';
import { ALL_SOURCES, matchesSource, type SourceFilter } from '../../store/SourceFilter.js';
import { isoTime, round2 } from './numbers.js';

/** How many calls `dependencies/slowest` lists unless told. */
export const DEFAULT_SLOW_CALLS_LIMIT = 20;
/** Most calls `dependencies/slowest` lists. */
export const MAX_SLOW_CALLS_LIMIT = 100;

/** One held call, as the JSON API shows it. */
export interface SlowCallReport {
  timestamp: string;
  duration_ms: number;
  dependency: string;
  operation: string;
  kind: DependencyKind;
  system: string;
  /** The normalised statement (every literal masked); null when the call had none (HTTP). */
  statement: string | null;
  error: boolean;
  /** `error.type`, the exception's class, or `HTTP <status>`; null unless `error`. */
  error_type: string | null;
  /** The HTTP response status; null when there was none. */
  status_code: number | null;
  /** Lower-case hex; `''` when the span had none. */
  trace_id: string;
  span_id: string;
  service: string;
  instance: string;
}

/** The `/dashboard/dependencies/slowest` answer. */
export interface SlowCallsReport {
  period: string;
  since: string;
  /** The list is the exact top of the calls that finished after this: `since` unless a held list reached its cap. */
  exact_until: string;
  /** How many of the list's ranks are exact (up to 20). */
  exact_limit: number;
  /** The dependency asked for, or null for all. */
  dependency: string | null;
  /** The operation asked for, or null for all. */
  operation: string | null;
  limit: number;
  /** Slowest first; of equal durations, newest first. */
  calls: SlowCallReport[];
  /** The lists' figures (every source): calls held, lists, their limit, and calls not held because of it since start. */
  lists: { held: number; lists: number; limit: number; dropped_calls: number };
}

/** What a `dependencies/slowest` query asks: which calls, how many. */
export interface SlowCallsQueryAsk {
  readonly dependency: string | undefined;
  readonly operation: string | undefined;
  readonly limit: number;
}

/**
 * The true `limit` slowest calls of the window, slowest first, of one
 * dependency (and operation) or all, of the sources `filter` passes: read
 * from the store's top lists, exact for any window within the retention for
 * up to 20 per dependency or operation.
 */
export function slowCallsQuery(
  store: RequestStore,
  period: string,
  periodMs: number,
  ask: SlowCallsQueryAsk,
  filter: SourceFilter = ALL_SOURCES,
): SlowCallsReport {
  const view = store.window(periodMs);
  const found = store.slowCallsSince({
    sinceMs: view.sinceMs,
    dependency: ask.dependency,
    operation: ask.operation,
    acceptSource: (source) => matchesSource(filter, source),
    limit: ask.limit,
  });
  return {
    period,
    since: isoTime(view.sinceMs),
    exact_until: isoTime(found.exactAfterMs),
    exact_limit: found.exactLimit,
    dependency: ask.dependency ?? null,
    operation: ask.operation ?? null,
    limit: ask.limit,
    calls: found.calls.map(slowCallJson),
    lists: {
      held: store.slowCalls.held,
      lists: store.slowCalls.rows,
      limit: SLOW_CALL_ROW_LIMIT,
      dropped_calls: store.slowCalls.droppedCalls,
    },
  };
}

/** A held call as the JSON API shows it. */
function slowCallJson(c: SlowCall): SlowCallReport {
  return {
    timestamp: isoTime(c.timestampMs),
    duration_ms: round2(c.durationMs),
    dependency: c.dependency,
    operation: c.operation,
    kind: c.kind,
    system: c.system,
    statement: c.statement ?? null,
    error: c.error,
    error_type: c.errorType ?? null,
    status_code: c.statusCode ?? null,
    trace_id: c.traceId,
    span_id: c.spanId,
    service: c.service,
    instance: c.instance,
  };
}
