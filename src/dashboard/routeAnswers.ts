import { receiveInstanceStatus } from '../cluster/receiveInstanceStatus.js';
import type { RequestStore } from '../store/RequestStore.js';
import type { SourceFilter } from '../store/SourceFilter.js';
import { compareOf } from './compareOf.js';
import type { DashboardDependencies } from './DashboardDependencies.js';
import type { IngestHandler } from './DashboardRoute.js';
import { parseIncludeParam } from './parseIncludeParam.js';
import { parseIntegerParam } from './parseIntegerParam.js';
import { type Period, periodParam } from './parsePeriod.js';
import { parseSlowestParams } from './parseSlowestParams.js';
import { parseSourceFilter } from './parseSourceFilter.js';
import { pinListedTraces } from './pinListedTraces.js';
import { alertsQuery } from './queries/alertsQuery.js';
import { apdexQuery } from './queries/apdexQuery.js';
import {
  DEFAULT_INFLIGHT_LIST,
  inflightQuery,
  MAX_INFLIGHT_LIST,
} from './queries/inflightQuery.js';
import { overviewQuery } from './queries/overviewQuery.js';
import { requestsQuery } from './queries/requestsQuery.js';
import { saturationQuery } from './queries/saturationQuery.js';
import { sloQuery } from './queries/sloQuery.js';
import { slowestQuery } from './queries/slowestQuery.js';
import { MAX_TRACE_LIST, traceListQuery } from './queries/traceQuery.js';
import type { RouteInput } from './RouteInput.js';

// The answers of routes that do more than one query call. Each parses its
// parameters in the order their errors take precedence, as the API documents.

/** Longest `min_age_ms` the in-flight list takes: a day. */
export const MAX_MIN_AGE_MS = 86_400_000;
/** Traces `GET /dashboard/traces` lists unless `limit` says otherwise. */
export const DEFAULT_TRACE_LIST = 20;

/** A query's `period` (default `fallback`) and source filter, parsed in that order, then `answer`. */
export function windowed(
  fallback: string,
  answer: (period: Period, filter: SourceFilter, input: RouteInput) => unknown,
): (input: RouteInput) => unknown {
  return (r) => {
    const period = periodParam(r.query, fallback);
    return answer(period, parseSourceFilter(r.query), r);
  };
}

/** A query over the store's window: `period` (default `fallback`), source filter, then the store. */
export function windowQuery(
  fallback: string,
  query: (store: RequestStore, period: string, periodMs: number, filter: SourceFilter) => unknown,
): (input: RouteInput) => unknown {
  return windowed(fallback, (p, filter, r) => query(r.store(), p.text, p.ms, filter));
}

/** The OTLP receiver, when there is one; it checks the token and method itself, in OTLP's terms. */
export function receiverHandler({ receiver }: DashboardDependencies): IngestHandler | undefined {
  return receiver && ((req, res) => receiver.serve(req, res));
}

/** The forwarding workers' status board, when there is one. */
export function statusHandler({
  instanceStatus,
}: DashboardDependencies): IngestHandler | undefined {
  return instanceStatus && ((req, res) => receiveInstanceStatus(req, res, instanceStatus));
}

/** `/overview`: source filter, then the store and the live context. */
export function overviewAnswer(r: RouteInput): unknown {
  const filter = parseSourceFilter(r.query);
  return overviewQuery(r.store(), r.deps.context(), filter);
}

/** `/requests`, with the previous window beside it when `compare=previous`. */
export function requestsAnswer(period: Period, filter: SourceFilter, r: RouteInput): unknown {
  const store = r.store();
  const compare = compareOf(r.query, store, period.ms);
  const report = requestsQuery(store, period.text, period.ms, filter);
  return compare === undefined ? report : { ...report, compare };
}

/**
 * `/slowest`: its `endpoint` and `limit`, then the store; the listed traces
 * are pinned, and each request says whether its trace is held (`trace_held`).
 */
export function slowestAnswer(p: Period, filter: SourceFilter, r: RouteInput): unknown {
  const { endpoint, limit } = parseSlowestParams(r.query);
  const report = slowestQuery(r.store(), p.text, p.ms, endpoint, limit, filter);
  const held = pinListedTraces(
    r,
    report.requests.map((q) => q.trace_id),
  );
  return {
    ...report,
    requests: report.requests.map((q) => ({ ...q, trace_held: held(q.trace_id) })),
  };
}

/** `/saturation`, after a sample taken now (so the peak in flight since the last one is in it). */
export function saturationAnswer(p: Period, filter: SourceFilter, r: RouteInput): unknown {
  const store = r.store();
  r.deps.sampleSaturation?.();
  return saturationQuery(store, p.text, p.ms, filter);
}

/** `/inflight`: the live list first (503), then `limit` and `min_age_ms`. */
export function inflightAnswer(r: RouteInput): unknown {
  const live = r.live();
  const limit = parseIntegerParam(r.query, 'limit', DEFAULT_INFLIGHT_LIST, 1, MAX_INFLIGHT_LIST);
  const minAge = parseIntegerParam(r.query, 'min_age_ms', 0, 0, MAX_MIN_AGE_MS);
  const { activeRequests, now } = r.drillDown();
  return inflightQuery(live.inflight, activeRequests(), now(), limit, minAge);
}

/** `/traces`: the trace ring first (503), then `limit`. */
export function traceListAnswer(r: RouteInput): unknown {
  const live = r.live();
  const limit = parseIntegerParam(r.query, 'limit', DEFAULT_TRACE_LIST, 1, MAX_TRACE_LIST);
  return traceListQuery(live.traces, limit);
}

/** `/slo`: the objectives and the Apdex scores (per endpoint unless `apdex_by_endpoint=0`); a 404 without the drill-down. */
export function sloAnswer(r: RouteInput): unknown {
  const { slo } = r.drillDown();
  return windowed('1h', (p, filter) => {
    const byEndpoint = parseIncludeParam(r.query, 'apdex_by_endpoint');
    const store = r.store();
    const apdex = apdexQuery(store, slo, p.text, p.ms, filter);
    const { by_endpoint: _left, ...overall } = apdex;
    return { ...sloQuery(store, slo, filter), apdex: byEndpoint ? apdex : overall };
  })(r);
}

/** `/alerts`: the notifier's state (or what fires now, without one); a 404 without the drill-down. */
export function alertsAnswer(r: RouteInput): unknown {
  const { slo, alerts } = r.drillDown();
  return alertsQuery(alerts?.(), r.store(), slo);
}
