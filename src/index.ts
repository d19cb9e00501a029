// biome-ignore-all assist/source/organizeImports: grouped by what a user does, not by path
/**
 * The public API of golden-signals. Importing it starts nothing: call
 * {@link startGoldenSignals} (or preload `golden-signals/register`), then
 * mount the dashboard with the handle's adapters; or, in an app that runs
 * its own OpenTelemetry SDK, give that SDK the parts {@link createGoldenSignals} returns.
 * Everything else in the package is internal and may change.
 */

// Starting, and the handle every mode returns.
export { startGoldenSignals } from './startGoldenSignals.js';
export { getGoldenSignals } from './registeredGoldenSignals.js';
export type { DashboardRequestHandler, GoldenSignals, ShutdownOptions } from './GoldenSignals.js';
export type {
  AlertOptions,
  GoldenSignalsLogger,
  GoldenSignalsOptions,
  SloOptions,
  SloRouteOptions,
  ThresholdOptions,
} from './GoldenSignalsOptions.js';
export type { Config } from './config.js';
export { ConfigError } from './configValues.js';
export type { Telemetry } from './telemetry/Telemetry.js';
export type { RequestStore } from './store/RequestStore.js';
export type { InternalErrorCounts, InternalErrorSite } from './guard/InternalErrors.js';

// Mounting the dashboard in an app, and naming routes the zero-code hooks cannot reach.
export type { DashboardMountOptions } from './dashboard/dashboardPaths.js';
export type { ExpressDashboardMiddleware } from './adapters/express.js';
export type { FastifyDashboardPlugin } from './adapters/fastify.js';
export type { KoaDashboardMiddleware } from './adapters/koa.js';
export { koaRouteTag } from './routes/koaRouteTag.js';

// Processor mode: the parts for an app's own OpenTelemetry SDK.
export { createGoldenSignals } from './createGoldenSignals.js';
export type { GoldenSignalsParts, GoldenSignalsPartsOptions } from './GoldenSignalsParts.js';

// The report types: the JSON answers of the dashboard's routes.
export type {
  AlertsReport,
  FiringAlertReport,
  SentAlertReport,
} from './dashboard/queries/alertsQuery.js';
export type { ApdexReport } from './dashboard/queries/apdexQuery.js';
export type { CompareReport } from './dashboard/queries/compareQuery.js';
export type {
  CallLatency,
  DependenciesReport,
  DependencyOperationReport,
  DependencyReport,
  EndpointDependenciesReport,
  EndpointDependencyReport,
  EndpointTimeReport,
  NPlusOneReport,
} from './dashboard/queries/dependenciesQuery.js';
export type { ErrorsReport } from './dashboard/queries/errorsQuery.js';
export type { InflightReport } from './dashboard/queries/inflightQuery.js';
export type { LatencyReport } from './dashboard/queries/latencyQuery.js';
export type {
  InstanceReport,
  InternalErrorsReport,
  OverviewReport,
  ServiceReport,
} from './dashboard/queries/overviewQuery.js';
export type { RequestsReport } from './dashboard/queries/requestsQuery.js';
export type { SaturationHistoryReport } from './dashboard/queries/saturationQuery.js';
export type {
  ObjectiveReport,
  RouteObjectivesReport,
  SloReport,
} from './dashboard/queries/sloQuery.js';
export type { SlowCallReport, SlowCallsReport } from './dashboard/queries/slowCallsQuery.js';
export type { SlowestReport } from './dashboard/queries/slowestQuery.js';
export type { VerdictReport } from './dashboard/queries/verdictQuery.js';
export type { WorstRoute } from './dashboard/queries/worstRoutes.js';
export type {
  TraceListReport,
  TraceReport,
  TraceSpanReport,
} from './dashboard/queries/traceQuery.js';
export type { SaturationReport } from './reportInputs/SaturationReport.js';
