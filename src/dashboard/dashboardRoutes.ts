import { STATUS_PATH } from '../cluster/InstanceReporter.js';
import {
  asset,
  type DashboardRoute,
  ingest,
  json,
  METRICS_PATH,
  stream,
} from './DashboardRoute.js';
import { endpointSeriesAnswer } from './endpointSeriesAnswer.js';
import { dependenciesAnswer, errorsAnswer, latencyAnswer } from './lightAnswers.js';
import {
  alertsAnswer,
  inflightAnswer,
  overviewAnswer,
  receiverHandler,
  requestsAnswer,
  saturationAnswer,
  sloAnswer,
  slowestAnswer,
  statusHandler,
  traceListAnswer,
  windowed,
} from './routeAnswers.js';
import { slowCallsAnswer } from './slowCallsAnswer.js';
import { traceAnswer } from './traceAnswer.js';
import { verdictAnswer } from './verdictAnswer.js';

/** The OTLP/HTTP traces path, below a mount's prefix (and at the root of the own port). */
export const TRACES_PATH = '/v1/traces';

/**
 * Every route of the dashboard, in the order they are matched: the path
 * below the mount's prefix (`/:name` takes the rest of the path), the
 * methods (`json`, `asset` and `stream` answer `GET` and `HEAD`; `ingest`
 * says its own), how the parameters are parsed (`windowed`/`windowQuery`:
 * `period` with its default, then `service`/`instance`) and which query
 * answers. The dashboard authenticates every route but the receiver, checks
 * the method, and renders every error. A new query is one line here.
 */
export const DASHBOARD_ROUTES: readonly DashboardRoute[] = [
  ingest(TRACES_PATH, [], 'handler', receiverHandler),
  ingest(STATUS_PATH, ['POST'], 'dashboard', statusHandler),
  stream(METRICS_PATH, (r) => r.metricsHandler()(r.req, r.res)),
  asset('/', (r) => r.page()),
  json('/overview', overviewAnswer),
  json('/requests', windowed('1h', requestsAnswer)),
  json('/latency', windowed('1h', latencyAnswer)),
  json('/errors', windowed('24h', errorsAnswer)),
  json('/slowest', windowed('1h', slowestAnswer)),
  json('/endpoint', windowed('1h', endpointSeriesAnswer)),
  json('/saturation', windowed('1h', saturationAnswer)),
  json('/dependencies', windowed('1h', dependenciesAnswer)),
  json('/dependencies/slowest', windowed('1h', slowCallsAnswer)),
  json('/inflight', inflightAnswer),
  json('/traces', traceListAnswer),
  json('/traces/:id', traceAnswer),
  json('/slo', sloAnswer),
  json('/alerts', alertsAnswer),
  json('/verdict', verdictAnswer),
  asset('/assets/:name', (r) => r.asset(r.param)),
];
