import {
  type DashboardRoute,
  JsonAnswer,
  type JsonRoute,
  json,
} from '../dashboard/DashboardRoute.js';
import { periodParam } from '../dashboard/parsePeriod.js';
import { parseSlowestParams } from '../dashboard/parseSlowestParams.js';
import { parseSourceFilter } from '../dashboard/parseSourceFilter.js';
import type { RouteInput } from '../dashboard/RouteInput.js';
import { UpstreamError } from '../http/httpErrors.js';
import { EngineError } from '../promql/EngineError.js';
import type { AggregateStore } from '../store/AggregateStore.js';
import type { SourceFilter } from '../store/SourceFilter.js';
import { perProcessReport } from './perProcessAnswer.js';
import type { EngineSaturationPoint } from './saturationOverEngine.js';
import { type EngineWindows, windowsOfRoute } from './windowsOfRoute.js';

/** Where the dashboard's figures come from: the overview says it, and the page reads it. */
export interface BackendReport {
  kind: 'prometheus';
  /** The engine's host (`prometheus:9090`): never its credentials. */
  engine: string;
}

/** What the routes over an engine read it with. */
export interface EngineSource {
  /** The store of a window ending now, for the sources the filter names. */
  load(windows: EngineWindows, filter: SourceFilter): Promise<AggregateStore>;
  readonly backend: BackendReport;
  /**
   * The trace ids of the exemplars the engine holds for the last `periodMs`
   * (of `endpoint` when given), newest first; none when it keeps none or
   * cannot answer (the answer that lists them never fails for it).
   */
  exemplarTraceIds(periodMs: number, filter: SourceFilter, endpoint?: string): Promise<string[]>;
  /** Every instance's saturation over the last `periodMs`, from the gauges `/metrics` exports. */
  saturation(periodMs: number, filter: SourceFilter): Promise<EngineSaturationPoint[]>;
}

/** The routes that answer from single requests only: over an engine they say so. */
export const PER_PROCESS_PATHS: readonly string[] = [
  '/slowest',
  '/inflight',
  '/traces',
  '/traces/:id',
];

/** The routes that take no `period`. */
const UNPERIODED_PATHS: readonly string[] = ['/overview', '/alerts'];

/** Each route's `period` default, as the route table parses it. */
const DEFAULT_PERIODS: Readonly<Record<string, string>> = Object.freeze({
  '/errors': '24h',
  '/verdict': '15m',
});

/**
 * The dashboard's routes over an engine: each JSON route parses its
 * parameters as before (their errors first), reads its windows from the
 * engine into a store, and runs the same answer over it; the routes of single
 * requests answer that they are per-process. An engine failure is an
 * {@link UpstreamError}: its status (502, 503, 504) and a clear message.
 */
export function engineRoutes(
  routes: readonly DashboardRoute[],
  source: EngineSource,
): DashboardRoute[] {
  return routes.map((route) => {
    if (route.kind !== 'json') return route;
    if (PER_PROCESS_PATHS.includes(route.path)) {
      return json(route.path, (r) => perProcessOverEngine(route.path, r, source));
    }
    return json(route.path, (r) => answerOverEngine(route, r, source));
  });
}

/** A per-process route's answer, its parameters checked as the route checks them, with the engine's exemplars. */
function perProcessOverEngine(path: string, r: RouteInput, source: EngineSource): unknown {
  if (path === '/inflight' || path === '/traces/:id') return perProcessReport(path);
  const period = periodParam(r.query, '1h');
  const filter = parseSourceFilter(r.query);
  const endpoint = path === '/slowest' ? parseSlowestParams(r.query).endpoint : undefined;
  return source
    .exemplarTraceIds(period.ms, filter, endpoint)
    .then((ids) => perProcessReport(path, ids));
}

function answerOverEngine(route: JsonRoute, r: RouteInput, source: EngineSource): Promise<unknown> {
  // Parsed before the engine is asked: a bad parameter is a 422 whatever the engine says.
  // The overview and the alerts take no period: theirs is fixed, and a stray one is ignored.
  const period = UNPERIODED_PATHS.includes(route.path)
    ? { text: '1h', ms: 3_600_000 }
    : periodParam(r.query, DEFAULT_PERIODS[route.path] ?? '1h');
  const filter = parseSourceFilter(r.query);
  const windows = windowsOfRoute(route.path, period.ms, r.query, r.deps.drillDown?.slo);
  const exemplars =
    route.path === '/latency' || route.path === '/endpoint'
      ? source.exemplarTraceIds(period.ms, filter, r.query.get('endpoint') ?? undefined)
      : Promise.resolve([]);
  const saturation =
    route.path === '/saturation' ? source.saturation(period.ms, filter) : Promise.resolve([]);
  return Promise.all([source.load(windows, filter), exemplars, saturation]).then(
    ([store, ids, points]) => {
      if (points.length > 0 && !store.saturationFilled) {
        store.saturationFilled = true;
        for (const p of points) store.recordSaturationAt(p.sample, p.service, p.instance, p.atMs);
      }
      return withNotes(route.path, route.answer(r.withStore(store)), source, ids);
    },
    (err: unknown) => {
      throw err instanceof EngineError ? new UpstreamError(err.status, err.message, err.code) : err;
    },
  );
}

/** An answer over an engine, with what it cannot hold said beside it. */
function withNotes(path: string, answer: unknown, source: EngineSource, ids: string[]): unknown {
  if (typeof answer !== 'object' || answer === null || answer instanceof JsonAnswer) return answer;
  switch (path) {
    case '/overview':
      return { ...answer, backend: source.backend };
    case '/errors':
      return { ...answer, per_process: { recent: perProcessReport('recent') } };
    case '/latency':
    case '/endpoint':
      return { ...answer, per_process: { exemplars: perProcessReport('exemplars', ids) } };
    default:
      return answer;
  }
}
