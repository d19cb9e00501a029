import { BadRequestError, ServiceUnavailableError, ValidationError } from '../http/httpErrors.js';
import type { LiveRequests } from '../inflight/LiveRequests.js';
import type { SloSettings } from '../slo/SloSettings.js';
import type { RequestStore } from '../store/RequestStore.js';
import { parseIntegerParam } from './parseIntegerParam.js';
import { parsePeriod } from './parsePeriod.js';
import { parseSourceFilter } from './parseSourceFilter.js';
import { apdexQuery } from './queries/apdexQuery.js';
import { COMPARE_VALUES, type CompareReport, compareQuery } from './queries/compareQuery.js';
import {
  DEFAULT_INFLIGHT_LIST,
  inflightQuery,
  MAX_INFLIGHT_LIST,
} from './queries/inflightQuery.js';
import { sloQuery } from './queries/sloQuery.js';
import { MAX_TRACE_LIST, traceListQuery, traceQuery } from './queries/traceQuery.js';

/** Longest `min_age_ms` the in-flight list takes: a day. */
export const MAX_MIN_AGE_MS = 86_400_000;
/** Traces `GET /dashboard/traces` lists unless `limit` says otherwise. */
export const DEFAULT_TRACE_LIST = 20;

const TRACE_ID = /^[0-9a-f]{32}$/;
const INVALID_TRACE_ID = '0'.repeat(32);

/** What the drill-down routes read. */
export interface DrilldownDependencies {
  /** The requests in flight and the recent traces; none: those routes answer 503. */
  readonly live: LiveRequests | undefined;
  /** The exact in-flight count (the processor's). */
  readonly activeRequests: () => number;
  readonly slo: SloSettings;
  /** Where OTLP traces go, when `otlp` is on: named by the 404 of a trace no longer held. */
  readonly otlpTracesEndpoint: string | undefined;
  /** Instance of spans whose resource names none. */
  readonly fallbackInstance: string;
  /** Clock in epoch milliseconds, for in-flight ages. */
  readonly now: () => number;
}

/** A JSON answer and its status. */
export interface DrilldownAnswer {
  readonly status: number;
  readonly body: unknown;
}

function liveOf(deps: DrilldownDependencies): LiveRequests {
  if (deps.live !== undefined) return deps.live;
  throw new ServiceUnavailableError('no span processor feeds the in-flight list and trace view');
}

/**
 * The drill-down routes below the dashboard prefix: `/inflight`,
 * `/traces`, `/traces/<traceId>` and `/slo`. Returns undefined for any
 * other path; throws typed HTTP errors (400, 422, 503) for bad input.
 */
export function drilldownRoute(
  path: string,
  query: URLSearchParams,
  deps: DrilldownDependencies,
  store: () => RequestStore,
): DrilldownAnswer | undefined {
  if (path === '/inflight') {
    const live = liveOf(deps);
    const limit = parseIntegerParam(query, 'limit', DEFAULT_INFLIGHT_LIST, 1, MAX_INFLIGHT_LIST);
    const minAge = parseIntegerParam(query, 'min_age_ms', 0, 0, MAX_MIN_AGE_MS);
    return {
      status: 200,
      body: inflightQuery(live.inflight, deps.activeRequests(), deps.now(), limit, minAge),
    };
  }
  if (path === '/traces') {
    const live = liveOf(deps);
    const limit = parseIntegerParam(query, 'limit', DEFAULT_TRACE_LIST, 1, MAX_TRACE_LIST);
    return { status: 200, body: traceListQuery(live.traces, limit) };
  }
  if (path.startsWith('/traces/')) {
    const id = path.slice('/traces/'.length).toLowerCase();
    if (!TRACE_ID.test(id) || id === INVALID_TRACE_ID) {
      throw new BadRequestError(
        `a trace id is 32 hex digits, not all zero, got: ${JSON.stringify(id.slice(0, 64))}`,
      );
    }
    const live = liveOf(deps);
    const trace = live.traces.get(id);
    if (trace !== undefined) return { status: 200, body: traceQuery(trace, deps.fallbackInstance) };
    const stats = live.traces.stats();
    const where =
      deps.otlpTracesEndpoint === undefined
        ? 'OTLP export is off (OTEL_TRACES_EXPORTER has no otlp), so it is nowhere else'
        : `look in the tracing backend behind ${deps.otlpTracesEndpoint}`;
    return {
      status: 404,
      body: {
        error: `trace ${id} is not held: the dashboard keeps the spans of the newest ${stats.trace_limit} traces (${stats.span_limit} spans in all) of this process; ${where}`,
        trace_id: id,
        otlp_endpoint: deps.otlpTracesEndpoint ?? null,
        limits: stats,
      },
    };
  }
  if (path === '/slo') {
    const period = parsePeriod(singleOrAll(query, 'period'), '1h');
    const filter = parseSourceFilter(query);
    const s = store();
    return {
      status: 200,
      body: {
        ...sloQuery(s, deps.slo, filter),
        apdex: apdexQuery(s, deps.slo, period.text, period.ms, filter),
      },
    };
  }
  return undefined;
}

function singleOrAll(query: URLSearchParams, name: string): string | string[] | undefined {
  const values = query.getAll(name);
  return values.length > 1 ? values : values[0];
}

/**
 * The `compare` of `/dashboard/requests`: undefined when not asked for;
 * `previous` → the comparison; anything else → 422.
 */
export function compareOf(
  query: URLSearchParams,
  store: RequestStore,
  periodMs: number,
): CompareReport | undefined {
  const values = query.getAll('compare');
  if (values.length === 0 || (values.length === 1 && values[0] === '')) return undefined;
  if (values.length > 1) throw new ValidationError('compare must be given at most once');
  const value = values[0] as string;
  if (!(COMPARE_VALUES as readonly string[]).includes(value)) {
    throw new ValidationError(
      `compare must be one of ${COMPARE_VALUES.join(', ')}, got: ${JSON.stringify(value.slice(0, 40))}`,
    );
  }
  return compareQuery(store, periodMs, parseSourceFilter(query));
}
