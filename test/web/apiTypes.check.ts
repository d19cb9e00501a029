/**
 * A compile-time check, not a test: `npm run build` (and so `npm test` and
 * `npm run lint`) fails here when a server answer no longer has a field the
 * page reads, or has it with another type.
 */

import type { ApdexReport } from '../../src/dashboard/queries/apdexQuery.js';
import type { CompareReport } from '../../src/dashboard/queries/compareQuery.js';
import type { DependenciesReport } from '../../src/dashboard/queries/dependenciesQuery.js';
import type { EndpointSeriesReport } from '../../src/dashboard/queries/endpointSeriesQuery.js';
import type { ErrorsReport } from '../../src/dashboard/queries/errorsQuery.js';
import type { InflightReport } from '../../src/dashboard/queries/inflightQuery.js';
import type { LatencyReport } from '../../src/dashboard/queries/latencyQuery.js';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import type { RequestsReport } from '../../src/dashboard/queries/requestsQuery.js';
import type { SaturationHistoryReport } from '../../src/dashboard/queries/saturationQuery.js';
import type { SloReport } from '../../src/dashboard/queries/sloQuery.js';
import type { SlowCallsReport } from '../../src/dashboard/queries/slowCallsQuery.js';
import type { SlowestReport } from '../../src/dashboard/queries/slowestQuery.js';
import type { TraceReport } from '../../src/dashboard/queries/traceQuery.js';
import type { VerdictReport } from '../../src/dashboard/queries/verdictQuery.js';
import type {
  ErrorsAnswer,
  LatencyAnswer,
  OverviewAnswer,
  RequestsAnswer,
} from '../../web/apiTypes.js';
import type { DependenciesAnswer, SlowCallsAnswer } from '../../web/dependencyTypes.js';
import type {
  CompareAnswer,
  EndpointSeriesAnswer,
  InflightAnswer,
  SaturationAnswer,
  SloAnswer,
  SlowestAnswer,
  TraceAnswer,
} from '../../web/drillDownTypes.js';
import type { VerdictAnswer } from '../../web/verdictTypes.js';

/** Resolves only when the server's answer `S` fits the page's view `P` of it. */
type Fits<S extends P, P> = [S, P];

/** The four answers the page fetches. */
export type ServerAnswersFitThePage = [
  Fits<RequestsReport, RequestsAnswer>,
  Fits<LatencyReport, LatencyAnswer>,
  Fits<ErrorsReport, ErrorsAnswer>,
  Fits<OverviewReport, OverviewAnswer>,
];

/** The drill-down answers the page fetches. */
export type DrillDownAnswersFitThePage = [
  Fits<InflightReport, InflightAnswer>,
  Fits<SloReport & { apdex: ApdexReport }, SloAnswer>,
  Fits<TraceReport, TraceAnswer>,
  Fits<CompareReport, CompareAnswer>,
  Fits<SlowestReport, SlowestAnswer>,
  Fits<EndpointSeriesReport, EndpointSeriesAnswer>,
  Fits<SaturationHistoryReport, SaturationAnswer>,
];

/** The verdict strip's answer (issue 27). */
export type VerdictAnswerFitsThePage = Fits<VerdictReport, VerdictAnswer>;

/** The Dependencies panel's answers (issue 23). */
export type DependencyAnswersFitThePage = [
  Fits<DependenciesReport, DependenciesAnswer>,
  Fits<SlowCallsReport, SlowCallsAnswer>,
];
