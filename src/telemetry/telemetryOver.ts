import type { Config } from '../config.js';
import type { InternalErrors } from '../guard/InternalErrors.js';
import type { MetricsHandler } from '../reportInputs/MetricsHandler.js';
import { withinDeadline } from '../shutdown/withinDeadline.js';
import type { BatchExportStats } from './CountingBatchSpanProcessor.js';
import type { DashboardPipeline } from './dashboardPipeline.js';
import type { PipelineSources } from './registerPipelineMetrics.js';
import type { Telemetry } from './Telemetry.js';

/** What a {@link Telemetry} needs beside its pipeline: what differs between the SDK we start and the app's own. */
export interface TelemetryParts {
  /** The exporters the configuration names, for messages. */
  readonly config: Pick<Config, 'tracesExporters' | 'metricsExporters'>;
  /** The handle's guard: counts what the shutdown steps catch. */
  readonly guard: InternalErrors;
  /**
   * Flushes and stops whatever feeds the pipeline (our SDK, LightNodeSdk, or in
   * processor mode the span processor handed to the app's SDK); the last
   * snapshot is written once it settles or its deadline passes.
   */
  stopSpans(): Promise<void>;
  /** After the last snapshot: gives back what was taken (instrumentations, OpenTelemetry globals). */
  release?(): void;
  /** Serves `GET /metrics`; none: the dashboard answers that path 404. */
  readonly metricsHandler: MetricsHandler | undefined;
  /** The OTLP span pipeline's counts; none in processor mode, where it is the app's to watch. */
  otlpSpans?(): BatchExportStats | undefined;
  /** A cluster worker's forwarding counts; none in any other process. */
  forwardedSpans?(): BatchExportStats | undefined;
}

/**
 * The one place a {@link Telemetry} is assembled, whichever SDK feeds the
 * pipeline: the store, the live requests and in-flight counts, the dropped
 * spans, the guard's counts, and a shutdown that runs once: stop the spans
 * within the deadline, then write the last snapshot, then release.
 */
export function telemetryOver(pipeline: DashboardPipeline, parts: TelemetryParts): Telemetry {
  const { guard, config } = parts;
  const inFlight = pipeline.processor;
  let stopping: Promise<void> | undefined;
  return {
    store: pipeline.store,
    tracesExporters: config.tracesExporters,
    metricsExporters: config.metricsExporters,
    activeRequests: () => inFlight.activeRequests,
    live: pipeline.live,
    peakActiveRequests: () => inFlight.takePeak(),
    droppedSpans: pipeline.droppedSpans,
    otlpSpans: () => parts.otlpSpans?.(),
    forwardedSpans: () => parts.forwardedSpans?.(),
    metricsHandler: parts.metricsHandler,
    internalErrors: guard,
    shutdown: (timeoutMs = Number.POSITIVE_INFINITY) => {
      // Flush the spans first, so the last snapshot holds every request; a
      // flush that fails or hangs must not keep the snapshot from being
      // written. Each step is guarded: one that throws never stops the next.
      stopping ??= guard
        .step('shutdown.telemetry', () => withinDeadline(parts.stopSpans(), timeoutMs))
        .then(() => {
          guard.run('shutdown.snapshot', () => pipeline.stop(), undefined);
          parts.release?.();
        });
      return stopping;
    },
  };
}

/**
 * What the pipeline's own gauges read from a telemetry (`registerPipelineMetrics`).
 * `counting`: false when no span is made (`OTEL_TRACES_EXPORTER=none`), so
 * `http.server.active_requests` is not registered.
 */
export function pipelineSourcesOf(telemetry: Telemetry, counting = true): PipelineSources {
  return {
    activeRequests: counting ? () => telemetry.activeRequests() : undefined,
    store: telemetry.store,
    dashboardDroppedSpans: () => telemetry.droppedSpans(),
    otlpSpans: () => telemetry.otlpSpans(),
    forwardedSpans: () => telemetry.forwardedSpans(),
    internalErrors: telemetry.internalErrors,
  };
}
