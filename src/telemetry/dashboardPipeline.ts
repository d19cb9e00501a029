import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { Config } from '../config.js';
import type { InternalErrors } from '../guard/InternalErrors.js';
import { LiveRequests } from '../inflight/LiveRequests.js';
import { StorePersistence } from '../persistence/StorePersistence.js';
import { RequestStore } from '../store/RequestStore.js';
import { DashboardSpanExporter } from './DashboardSpanExporter.js';
import { DashboardSpanProcessor } from './DashboardSpanProcessor.js';
import { localInstanceId } from './localInstanceId.js';
import { ServerSpanCounter } from './ServerSpanCounter.js';

/** Where the pipeline's few messages go (snapshot restored, snapshot moved aside). */
export interface PipelineLogger {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * The dashboard's side of a span pipeline, without any SDK: the store, its
 * snapshot file, and the one span processor that feeds the store and counts
 * requests in flight. Both the zero-code SDK (startTelemetry) and an app's
 * own SDK (processor mode) are built around it.
 */
export interface DashboardPipeline {
  /** Undefined when `OTEL_TRACES_EXPORTER` has no `memory`. */
  readonly store: RequestStore | undefined;
  /** Feeds the store (when there is one) and counts in-flight server spans either way. */
  readonly processor: ServerSpanCounter;
  /** The requests in flight and the recent traces, which the processor feeds. */
  readonly live: LiveRequests<ReadableSpan>;
  /** Spans the dashboard received but could not record. */
  droppedSpans(): number;
  /** Stops the snapshot timer after writing a last snapshot; call once the processor is flushed. */
  stop(): void;
}

/** Options the configuration cannot express. */
export interface DashboardPipelineOptions {
  /** The bench's bare-OTel row: feeds this exporter instead of the store's. */
  readonly dashboardExporter?: ((store: RequestStore) => SpanExporter) | undefined;
  /**
   * False in a forwarding cluster worker: its spans go to the primary, whose
   * receiver holds their traces, and nothing serves the worker's own
   * in-flight list or trace ring, so they are not fed (the in-flight count,
   * which the worker reports, still is). True by default.
   */
  readonly feedLive?: boolean | undefined;
  readonly log: PipelineLogger;
  /** Counts what the processor's hooks and the snapshot writes catch. */
  readonly guard: InternalErrors;
}

/**
 * Builds the store (restored from its snapshot before any span can arrive)
 * and the processor. Starts nothing but the snapshot timer, which is unref'd.
 */
export function createDashboardPipeline(
  config: Config,
  options: DashboardPipelineOptions,
): DashboardPipeline {
  const store = config.tracesExporters.includes('memory')
    ? new RequestStore({
        retentionMs: config.retentionMs,
        seriesLimit: config.seriesLimit,
        // The local identity, as the exporter names this process's spans.
        service: config.serviceName,
        instance: localInstanceId(),
        redactQuery: config.redactQuery,
        dependencies: { nPlusOneCalls: config.nPlusOneCalls },
      })
    : undefined;
  const persistence =
    store === undefined || config.snapshotFile === undefined
      ? undefined
      : new StorePersistence(
          store,
          config.snapshotFile,
          config.snapshotIntervalMs,
          options.log,
          options.guard,
        );
  // Before any span can arrive: restore needs an empty store.
  persistence?.restore();
  persistence?.start();
  const exporter = store === undefined ? undefined : new DashboardSpanExporter(store);
  const fedExporter =
    store === undefined ? undefined : (options.dashboardExporter?.(store) ?? exporter);
  const live = new LiveRequests<ReadableSpan>({
    traceLimit: config.traces.traceLimit,
    redactQuery: config.redactQuery,
  });
  const dashboard =
    fedExporter === undefined
      ? undefined
      : new DashboardSpanProcessor(fedExporter, live, options.guard);
  return {
    store,
    live,
    // The dashboard processor counts in-flight requests itself; without it, this does.
    processor:
      dashboard ??
      new ServerSpanCounter(options.feedLive === false ? undefined : live, options.guard),
    droppedSpans: () => (exporter?.droppedSpans ?? 0) + (dashboard?.failedExports ?? 0),
    stop: () => persistence?.stop(),
  };
}
