import type { ReceiverReport } from '../../receiver/ReceiverStats.js';
import type { RequestStore } from '../../store/RequestStore.js';
import type { BatchExportStats } from '../../telemetry/BatchExportStats.js';
import type { SaturationReport } from '../../telemetry/SaturationReport.js';
import { emptySketch, quantile } from './LatencySummary.js';
import { rate, round2 } from './numbers.js';

export type { ReceiverReport, SaturationReport };

const HOUR_MS = 3_600_000;

/** Where the spans sent to OTLP went; each sampled span is counted in exactly one field. */
export interface OtlpSpansReport {
  exported_spans: number;
  failed_spans: number;
  dropped_spans: number;
  pending_spans: number;
}

/** Health of the telemetry pipeline itself: drops are counted and shown. */
export interface TelemetryReport {
  dropped_spans: number;
  series: number;
  series_limit: number;
  overflowed_requests: number;
  /** Null when `OTEL_TRACES_EXPORTER` has no `otlp`. */
  otlp: OtlpSpansReport | null;
  /** The OTLP receiver's counts (`POST /v1/traces`); null when there is no receiver. */
  receiver: ReceiverReport | null;
}

/** Figures that do not come from the store. */
export interface OverviewContext {
  activeRequests: number;
  saturation: SaturationReport;
  /** Spans the exporter could not record (shut down, unmappable), not counting the store's own drops. */
  exporterDroppedSpans: number;
  /** The OTLP span pipeline's counts, when `otlp` is on. */
  otlpSpans?: BatchExportStats | undefined;
  /** The OTLP receiver's counts, when there is one. */
  receiver?: ReceiverReport | undefined;
}

/** The `/dashboard/overview` answer. */
export interface OverviewReport {
  uptime_seconds: number;
  total_requests: number;
  requests_last_hour: number;
  requests_per_minute: number;
  error_rate: number;
  server_error_rate: number;
  avg_response_time_ms: number;
  p95_response_time_ms: number;
  active_requests: number;
  data_retention_hours: number;
  saturation: SaturationReport;
  telemetry: TelemetryReport;
}

/** The four golden signals at a glance, over the last hour. */
export function overviewQuery(store: RequestStore, context: OverviewContext): OverviewReport {
  const view = store.window(HOUR_MS);
  const merged = emptySketch();
  let errors = 0;
  let serverErrors = 0;
  for (const bucket of view.cover()) {
    bucket.mergeTotalInto(merged);
    errors += bucket.totals.errors;
    serverErrors += bucket.totals.serverErrors;
  }
  const total = merged.count;
  return {
    uptime_seconds: Math.floor((view.nowMs - store.startedAtMs) / 1000),
    total_requests: store.totalRecorded,
    requests_last_hour: total,
    requests_per_minute: round2(total / 60),
    error_rate: rate(errors, total),
    server_error_rate: rate(serverErrors, total),
    avg_response_time_ms: total > 0 ? round2(merged.sum / total) : 0,
    p95_response_time_ms: round2(quantile(merged, 0.95)),
    active_requests: context.activeRequests,
    data_retention_hours: store.retentionMs / HOUR_MS,
    saturation: context.saturation,
    telemetry: {
      dropped_spans: context.exporterDroppedSpans + store.droppedTooOld,
      series: store.seriesCount,
      series_limit: store.seriesLimit,
      overflowed_requests: store.overflowedRequests,
      otlp:
        context.otlpSpans === undefined
          ? null
          : {
              exported_spans: context.otlpSpans.exported,
              failed_spans: context.otlpSpans.failed,
              dropped_spans: context.otlpSpans.dropped,
              pending_spans: context.otlpSpans.pending,
            },
      receiver: context.receiver ?? null,
    },
  };
}
