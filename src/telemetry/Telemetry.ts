import type { RequestStore } from '../store/RequestStore.js';

/** What the instrumentation hands to the app: the store and the pipeline's own figures. */
export interface Telemetry {
  /** The in-memory store, or undefined when `OTEL_TRACES_EXPORTER` has no `memory`. */
  readonly store: RequestStore | undefined;
  /** In-flight server spans; 0 when the dashboard pipeline is off. */
  activeRequests(): number;
  /** Spans the dashboard pipeline received but could not record. */
  droppedSpans(): number;
  /** The `OTEL_TRACES_EXPORTER` entries in use, for messages. */
  readonly tracesExporters: readonly string[];
  /** Flushes and stops every processor and exporter; safe to call twice. */
  shutdown(): Promise<void>;
}
