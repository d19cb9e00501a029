/**
 * The public API of golden-signals. Importing it starts nothing: call
 * {@link startGoldenSignals} (or preload `golden-signals/register`), then
 * mount the dashboard with the handle's adapters; or, in an app that runs
 * its own OpenTelemetry SDK, give that SDK the parts {@link createGoldenSignals} returns.
 */

export type { ExpressDashboardMiddleware, ExpressRequestLike } from './adapters/express.js';
export type {
  FastifyDashboardPlugin,
  FastifyInstanceLike,
  FastifyRouteHandlerLike,
} from './adapters/fastify.js';
export type { KoaContextLike, KoaDashboardMiddleware } from './adapters/koa.js';
// Configuration.
export type { Config, MetricExporterName, TraceExporterName } from './config.js';
export { ConfigError, DEFAULT_DASHBOARD_PORT, loadConfig } from './config.js';
// Processor mode: the parts for an app's own OpenTelemetry SDK.
export { createGoldenSignals } from './createGoldenSignals.js';
// Mounting the dashboard.
export type { DashboardMountOptions, DashboardPaths } from './dashboard/dashboardPaths.js';
export { DEFAULT_DASHBOARD_PREFIX } from './dashboard/dashboardPaths.js';
// The pure core: the store and its queries, for custom views and tests.
// The JSON answers of the API routes are typed too (the report types), for clients.
export type { ApdexReport } from './dashboard/queries/apdexQuery.js';
export type { CompareReport } from './dashboard/queries/compareQuery.js';
export type { ErrorsReport } from './dashboard/queries/errorsQuery.js';
export { errorsQuery } from './dashboard/queries/errorsQuery.js';
export type { InflightReport } from './dashboard/queries/inflightQuery.js';
export type { LatencyReport } from './dashboard/queries/latencyQuery.js';
export { latencyQuery } from './dashboard/queries/latencyQuery.js';
export type {
  InstanceReport,
  InternalErrorsReport,
  OverviewContext,
  OverviewReport,
  ServiceReport,
} from './dashboard/queries/overviewQuery.js';
export { overviewQuery } from './dashboard/queries/overviewQuery.js';
export type { RequestsReport } from './dashboard/queries/requestsQuery.js';
export { requestsQuery } from './dashboard/queries/requestsQuery.js';
export type { SaturationHistoryReport } from './dashboard/queries/saturationQuery.js';
export type { ObjectiveReport, SloReport } from './dashboard/queries/sloQuery.js';
export type { SlowestReport } from './dashboard/queries/slowestQuery.js';
export type {
  TraceListReport,
  TraceReport,
  TraceSpanReport,
} from './dashboard/queries/traceQuery.js';
export type { DashboardRequestHandler, GoldenSignals, ShutdownOptions } from './GoldenSignals.js';
export type {
  GoldenSignalsLogger,
  GoldenSignalsOptions,
  SloOptions,
} from './GoldenSignalsOptions.js';
export type { GoldenSignalsParts, GoldenSignalsPartsOptions } from './GoldenSignalsParts.js';
export type { InternalErrorCounts, InternalErrorSite } from './guard/InternalErrors.js';
export { getGoldenSignals } from './registeredGoldenSignals.js';
// The OpenTelemetry adapters.
export type { BatchExportStats } from './reportInputs/BatchExportStats.js';
export type { MetricsHandler } from './reportInputs/MetricsHandler.js';
export type { ResourceIdentity } from './reportInputs/ResourceIdentity.js';
export { UNKNOWN_SERVICE } from './reportInputs/ResourceIdentity.js';
export type { SaturationReport } from './reportInputs/SaturationReport.js';
export { UNMATCHED_ENDPOINT } from './reportInputs/unmatchedEndpoint.js';
// Route templates where the zero-code hooks cannot reach (bundled apps, Koa loaded first).
export { koaRouteTag } from './routes/koaRouteTag.js';
// The composition root and its handle.
export { startGoldenSignals } from './startGoldenSignals.js';
export type { RequestRecord } from './store/RequestRecord.js';
export type { RequestStoreOptions } from './store/RequestStore.js';
export { RequestStore } from './store/RequestStore.js';
export type { Source } from './store/Source.js';
export type { SourceFilter } from './store/SourceFilter.js';
export { CountingBatchSpanProcessor } from './telemetry/CountingBatchSpanProcessor.js';
export { DashboardSpanExporter } from './telemetry/DashboardSpanExporter.js';
export { DashboardSpanProcessor } from './telemetry/DashboardSpanProcessor.js';
export type { RequestSpan } from './telemetry/RequestSpan.js';
export { ResourceIdentities } from './telemetry/ResourceIdentities.js';
export { spanToRequest } from './telemetry/spanToRequest.js';
export type { Telemetry } from './telemetry/Telemetry.js';
