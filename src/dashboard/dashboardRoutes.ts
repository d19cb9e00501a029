import { STATUS_PATH } from '../cluster/InstanceReporter.js';
import { receiveInstanceStatus } from '../cluster/receiveInstanceStatus.js';
import type { SourceFilter } from '../store/SourceFilter.js';
import { compareOf } from './compareOf.js';
import {
  asset,
  type DashboardRoute,
  ingest,
  json,
  METRICS_PATH,
  stream,
} from './DashboardRoute.js';
import { parseIntegerParam } from './parseIntegerParam.js';
import { type Period, periodParam } from './parsePeriod.js';
import { parseSlowestParams } from './parseSlowestParams.js';
import { parseSourceFilter } from './parseSourceFilter.js';
import { apdexQuery } from './queries/apdexQuery.js';
import { errorsQuery } from './queries/errorsQuery.js';
import {
  DEFAULT_INFLIGHT_LIST,
  inflightQuery,
  MAX_INFLIGHT_LIST,
} from './queries/inflightQuery.js';
import { latencyQuery } from './queries/latencyQuery.js';
import { overviewQuery } from './queries/overviewQuery.js';
import { requestsQuery } from './queries/requestsQuery.js';
import { saturationQuery } from './queries/saturationQuery.js';
import { sloQuery } from './queries/sloQuery.js';
import { slowestQuery } from './queries/slowestQuery.js';
import { MAX_TRACE_LIST, traceListQuery } from './queries/traceQuery.js';
import type { RouteInput } from './RouteInput.js';
import { traceAnswer } from './traceAnswer.js';

/** The OTLP/HTTP traces path, below a mount's prefix (and at the root of the own port). */
export const TRACES_PATH = '/v1/traces';
/** Longest `min_age_ms` the in-flight list takes: a day. */
export const MAX_MIN_AGE_MS = 86_400_000;
/** Traces `GET /dashboard/traces` lists unless `limit` says otherwise. */
export const DEFAULT_TRACE_LIST = 20;

/** A query's `period` (default `fallback`) and source filter, parsed in that order, then `answer`. */
function windowed(
  fallback: string,
  answer: (period: Period, filter: SourceFilter, input: RouteInput) => unknown,
): (input: RouteInput) => unknown {
  return (r) => {
    const period = periodParam(r.query, fallback);
    return answer(period, parseSourceFilter(r.query), r);
  };
}

/**
 * Every route of the dashboard, below the mount's prefix, in the order they
 * are matched. Each line says its path, its methods (`json`, `asset` and
 * `stream` are `GET`/`HEAD`), how its parameters are parsed (in the order
 * their errors take precedence) and which query answers. A new query is one
 * line here.
 */
export const DASHBOARD_ROUTES: readonly DashboardRoute[] = [
  // Ingest: the receiver checks the token and method itself, to answer in OTLP's terms.
  ingest(
    TRACES_PATH,
    [],
    'handler',
    ({ receiver }) => receiver && ((q, s) => receiver.serve(q, s)),
  ),
  ingest(STATUS_PATH, ['POST'], 'dashboard', ({ instanceStatus: board }) =>
    board === undefined ? undefined : (q, s) => receiveInstanceStatus(q, s, board),
  ),
  stream(METRICS_PATH, (r) => r.metricsHandler()(r.req, r.res)),
  asset('/', (r) => r.page()),
  json('/overview', (r) => {
    const filter = parseSourceFilter(r.query);
    return overviewQuery(r.store(), r.deps.context(), filter);
  }),
  json(
    '/requests',
    windowed('1h', (period, filter, r) => {
      const store = r.store();
      const compare = compareOf(r.query, store, period.ms);
      const report = requestsQuery(store, period.text, period.ms, filter);
      return compare === undefined ? report : { ...report, compare };
    }),
  ),
  json(
    '/latency',
    windowed('1h', (p, filter, r) => latencyQuery(r.store(), p.text, p.ms, filter)),
  ),
  json(
    '/errors',
    windowed('24h', (p, filter, r) => errorsQuery(r.store(), p.text, p.ms, filter)),
  ),
  json(
    '/slowest',
    windowed('1h', (p, filter, r) => {
      const { endpoint, limit } = parseSlowestParams(r.query);
      return slowestQuery(r.store(), p.text, p.ms, endpoint, limit, filter);
    }),
  ),
  json(
    '/saturation',
    windowed('1h', (p, filter, r) => {
      const store = r.store();
      r.deps.sampleSaturation?.();
      return saturationQuery(store, p.text, p.ms, filter);
    }),
  ),
  json('/inflight', (r) => {
    const live = r.live();
    const limit = parseIntegerParam(r.query, 'limit', DEFAULT_INFLIGHT_LIST, 1, MAX_INFLIGHT_LIST);
    const minAge = parseIntegerParam(r.query, 'min_age_ms', 0, 0, MAX_MIN_AGE_MS);
    const { activeRequests, now } = r.drilldown();
    return inflightQuery(live.inflight, activeRequests(), now(), limit, minAge);
  }),
  json('/traces', (r) => {
    const live = r.live();
    const limit = parseIntegerParam(r.query, 'limit', DEFAULT_TRACE_LIST, 1, MAX_TRACE_LIST);
    return traceListQuery(live.traces, limit);
  }),
  json('/traces/:id', traceAnswer),
  json('/slo', (r) => {
    const { slo } = r.drilldown();
    return windowed('1h', (p, filter) => {
      const store = r.store();
      return {
        ...sloQuery(store, slo, filter),
        apdex: apdexQuery(store, slo, p.text, p.ms, filter),
      };
    })(r);
  }),
  asset('/assets/:name', (r) => r.asset(r.param)),
];
