/** The public API: the pure store, its queries, the OTel adapters, and the app factory. */

export type { AppDependencies } from './app.js';
export { createApp } from './app.js';
export type { Config } from './config.js';
export { ConfigError, loadConfig } from './config.js';
export { errorsQuery } from './dashboard/queries/errorsQuery.js';
export { latencyQuery } from './dashboard/queries/latencyQuery.js';
export { overviewQuery } from './dashboard/queries/overviewQuery.js';
export { requestsQuery } from './dashboard/queries/requestsQuery.js';
export type { RequestRecord } from './store/RequestRecord.js';
export type { RequestStoreOptions } from './store/RequestStore.js';
export { RequestStore } from './store/RequestStore.js';
export type { BatchExportStats } from './telemetry/CountingBatchSpanProcessor.js';
export { CountingBatchSpanProcessor } from './telemetry/CountingBatchSpanProcessor.js';
export { DashboardSpanExporter } from './telemetry/DashboardSpanExporter.js';
export { DashboardSpanProcessor } from './telemetry/DashboardSpanProcessor.js';
export { spanToRequest, UNMATCHED_ENDPOINT } from './telemetry/spanToRequest.js';
