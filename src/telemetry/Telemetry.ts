import type { InternalErrors } from '../guard/InternalErrors.js';
import type { LiveRequests } from '../inflight/LiveRequests.js';
import type { MetricsHandler } from '../reportInputs/MetricsHandler.js';
import type { RequestStore } from '../store/RequestStore.js';
import type { BatchExportStats } from './CountingBatchSpanProcessor.js';

/** What the instrumentation hands to the app: the store and the pipeline's own figures. */
export interface Telemetry {
  /** The in-memory store, or undefined when `OTEL_TRACES_EXPORTER` has no `memory`. */
  readonly store: RequestStore | undefined;
  /** In-flight server spans. */
  activeRequests(): number;
  /** The requests in flight and the recent traces; none: `/dashboard/inflight` and `/traces` answer 503. */
  readonly live?: LiveRequests | undefined;
  /** The most in-flight server spans at once since the previous call: the saturation history's peak. */
  peakActiveRequests?(): number;
  /** Spans the dashboard pipeline received but could not record. */
  droppedSpans(): number;
  /** Where the spans sent to OTLP went, or undefined when `OTEL_TRACES_EXPORTER` has no `otlp`. */
  otlpSpans(): BatchExportStats | undefined;
  /** Where a `node:cluster` worker's spans for the primary's dashboard went, or undefined in any other process. */
  forwardedSpans(): BatchExportStats | undefined;
  /** Serves `GET /metrics`, or undefined when `OTEL_METRICS_EXPORTER` has no `prometheus`. */
  readonly metricsHandler: MetricsHandler | undefined;
  /** The `OTEL_TRACES_EXPORTER` entries in use, for messages. */
  readonly tracesExporters: readonly string[];
  /** The `OTEL_METRICS_EXPORTER` entries in use, for messages. */
  readonly metricsExporters: readonly string[];
  /** The guard of everything of ours that runs on the app's time, and its counts; none in a hand-built telemetry. */
  readonly internalErrors?: InternalErrors | undefined;
  /**
   * Flushes and stops every processor and exporter, then writes the last
   * snapshot; past `timeoutMs` it writes the snapshot without waiting for
   * the flush. Safe to call twice: the second call returns the first promise.
   */
  shutdown(timeoutMs?: number): Promise<void>;
}
