import type { Meter } from '@opentelemetry/api';
import { INTERNAL_ERROR_SITES } from '../guard/InternalErrorSite.js';
import type { InternalErrorCounts } from '../guard/InternalErrors.js';
import type { RequestStore } from '../store/RequestStore.js';
import type { BatchExportStats } from './CountingBatchSpanProcessor.js';

/** The live figures the pipeline metrics read at each collection. */
export interface PipelineSources {
  /** In-flight server spans; undefined when no span is made (`OTEL_TRACES_EXPORTER=none`). */
  readonly activeRequests: (() => number) | undefined;
  /** The in-memory store, when `memory` is on. */
  readonly store: RequestStore | undefined;
  /** Spans the dashboard pipeline could not record (store's too-old drops excluded), when `memory` is on. */
  dashboardDroppedSpans(): number;
  /** The OTLP span pipeline's counts, when `otlp` is on. */
  otlpSpans(): BatchExportStats | undefined;
  /** A cluster worker's forwarding to the primary's dashboard, in a worker. */
  forwardedSpans?(): BatchExportStats | undefined;
  /** The guard's counts of failures caught in our own code, by site. */
  readonly internalErrors?: InternalErrorCounts | undefined;
}

/**
 * Registers the gauges and counters that say how the service and its
 * telemetry are doing, beside the HTTP duration histogram:
 * `http.server.active_requests`, `golden_signals.spans.{exported,failed,dropped,pending}`
 * by `exporter` (`memory`, `otlp`) and `golden_signals.store.*`. All are
 * observed at collection time, so they cost nothing per request.
 */
export function registerPipelineMetrics(meter: Meter, sources: PipelineSources): void {
  const { activeRequests } = sources;
  if (activeRequests !== undefined) {
    meter
      .createObservableUpDownCounter('http.server.active_requests', {
        description: 'Number of active HTTP server requests.',
        unit: '{request}',
      })
      .addCallback((result) => result.observe(activeRequests()));
  }

  const exported = meter.createObservableCounter('golden_signals.spans.exported', {
    description: 'Spans the exporter confirmed.',
    unit: '{span}',
  });
  const failed = meter.createObservableCounter('golden_signals.spans.failed', {
    description: 'Spans in export batches that failed (refused, 5xx, 429 after retries, timeout).',
    unit: '{span}',
  });
  const dropped = meter.createObservableCounter('golden_signals.spans.dropped', {
    description: 'Spans never exported or recorded: queue full, after shutdown, or unrecordable.',
    unit: '{span}',
  });
  const pending = meter.createObservableUpDownCounter('golden_signals.spans.pending', {
    description: 'Spans queued or being sent.',
    unit: '{span}',
  });
  meter.addBatchObservableCallback(
    (result) => {
      const { store } = sources;
      if (store !== undefined) {
        result.observe(dropped, sources.dashboardDroppedSpans() + store.droppedTooOld, {
          exporter: 'memory',
        });
      }
      const batches = [
        ['otlp', sources.otlpSpans()],
        ['forward', sources.forwardedSpans?.()],
      ] as const;
      for (const [exporter, stats] of batches) {
        if (stats === undefined) continue;
        const attributes = { exporter };
        result.observe(exported, stats.exported, attributes);
        result.observe(failed, stats.failed, attributes);
        result.observe(dropped, stats.dropped, attributes);
        result.observe(pending, stats.pending, attributes);
      }
    },
    [exported, failed, dropped, pending],
  );

  const { internalErrors } = sources;
  if (internalErrors !== undefined) {
    meter
      .createObservableCounter('golden_signals.internal_errors', {
        description:
          'Failures caught in golden-signals code running on the app time (timers, span hooks, listeners, snapshot writes, shutdown steps), by site.',
        unit: '{error}',
      })
      .addCallback((result) => {
        const bySite = internalErrors.bySite;
        // Every site, 0 included, so that a rate over the series exists before the first failure.
        for (const site of INTERNAL_ERROR_SITES) result.observe(bySite[site] ?? 0, { site });
      });
  }

  const { store } = sources;
  if (store === undefined) return;
  meter
    .createObservableGauge('golden_signals.store.series', {
      description: 'Series (endpoint × method × status × error type) the store keeps apart.',
      unit: '{series}',
    })
    .addCallback((result) => result.observe(store.seriesCount));
  meter
    .createObservableGauge('golden_signals.store.series_limit', {
      description: 'GOLDEN_SIGNALS_MAX_SERIES: more series fold into the overflow endpoint.',
      unit: '{series}',
    })
    .addCallback((result) => result.observe(store.seriesLimit));
  meter
    .createObservableCounter('golden_signals.store.overflowed_requests', {
      description:
        'Requests folded into the overflow endpoint because the series limit was reached.',
      unit: '{request}',
    })
    .addCallback((result) => result.observe(store.overflowedRequests));
  meter
    .createObservableCounter('golden_signals.store.folded_requests', {
      description:
        'Requests whose method, status or error type was folded by the per-endpoint limits, by dimension.',
      unit: '{request}',
    })
    .addCallback((result) => {
      result.observe(store.foldedMethodRequests, { dimension: 'method' });
      result.observe(store.foldedStatusRequests, { dimension: 'status' });
      result.observe(store.foldedErrorTypeRequests, { dimension: 'error_type' });
    });
  meter
    .createObservableCounter('golden_signals.store.dependency_calls', {
      description:
        'Outgoing calls (CLIENT spans) recorded, and of them those a limit folded into other, the join had no room for, or no request of ours took, by outcome.',
      unit: '{call}',
    })
    .addCallback((result) => {
      const d = store.dependencies;
      result.observe(d.recordedCalls, { outcome: 'recorded' });
      result.observe(d.foldedCalls, { outcome: 'folded' });
      result.observe(d.unjoinedCalls, { outcome: 'unjoined' });
      result.observe(d.unattributedCalls, { outcome: 'unattributed' });
    });
}
