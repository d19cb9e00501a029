import type { InternalErrorCounts } from '../../guard/InternalErrors.js';
import type { ReceiverReport } from '../../receiver/ReceiverStats.js';
import type { BatchExportStats } from '../../reportInputs/BatchExportStats.js';
import type { InstanceStatuses } from '../../reportInputs/InstanceStatus.js';
import type { SaturationReport } from '../../reportInputs/SaturationReport.js';
import type { RequestStore } from '../../store/RequestStore.js';
import type { Source } from '../../store/Source.js';
import {
  ALL_SOURCES,
  isUnfiltered,
  matchesSource,
  type SourceFilter,
} from '../../store/SourceFilter.js';
import { countsOf, mergeLatencyInto } from './filteredTotals.js';
import { emptySketch, quantile } from './LatencySummary.js';
import { isoTime, rate, round2 } from './numbers.js';
import type {
  InstanceReport,
  OtlpSpansReport,
  OverviewReport,
  OwnPortReport,
  ServiceReport,
} from './OverviewReport.js';
import { unroutedCounts, unroutedNotice } from './unroutedNotice.js';

export type {
  ForwardingReport,
  InstanceEventReport,
  InstanceReport,
  InternalErrorsReport,
  OtlpSpansReport,
  OverviewReport,
  OwnPortReport,
  ServiceReport,
  TelemetryReport,
} from './OverviewReport.js';
export type { ReceiverReport, SaturationReport };

const HOUR_MS = 3_600_000;

/**
 * An instance counts as alive when its newest request is at most this old:
 * a minute, many times the batch delay of an OTLP exporter (1 s in cluster
 * mode, 5 s by default), so a busy instance never flickers; the local
 * process is always alive. An idle instance sends nothing, so it looks dead
 * after a minute without traffic too.
 */
export const INSTANCE_ALIVE_MS = 60_000;

/** A forwarding worker reports every 5 s: three missed reports and it is not taken as alive on that ground. */
export const STATUS_ALIVE_MS = 15_000;

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
  /** The statuses forwarding workers reported (saturation, forwarding counts). */
  instanceStatus?: InstanceStatuses | undefined;
  /** What the preload found wrong in the environment (the defaults it took instead). */
  configProblems?: readonly string[] | undefined;
  /** Why the dashboard may count less than the app serves (another SDK owns the OpenTelemetry globals). */
  warnings?: readonly string[] | undefined;
  /** The own port's connection figures, when there is one. */
  ownPort?: OwnPortReport | undefined;
  /** The guard's counts of failures caught in our own code; none: zeros. */
  internalErrors?: InternalErrorCounts | undefined;
}

/**
 * The four golden signals at a glance, over the last hour, of the sources
 * `filter` passes (all by default). `active_requests` is this process's, so
 * 0 when the filter leaves the local instance out; `saturation` and
 * `telemetry` are always this process's.
 */
export function overviewQuery(
  store: RequestStore,
  context: OverviewContext,
  filter: SourceFilter = ALL_SOURCES,
): OverviewReport {
  const view = store.window(HOUR_MS);
  const merged = emptySketch();
  let errors = 0;
  let serverErrors = 0;
  /** Requests of the last hour per source object. */
  const lastHour = new Map<Source, number>();
  for (const bucket of view.cover()) {
    mergeLatencyInto(bucket, filter, merged);
    const counts = countsOf(bucket, filter);
    errors += counts.errors;
    serverErrors += counts.serverErrors;
    for (let row = 0; row < bucket.series.length; row++) {
      const series = bucket.series[row];
      if (series === undefined) continue;
      lastHour.set(series.source, (lastHour.get(series.source) ?? 0) + (bucket.counts[row] ?? 0));
    }
  }
  const total = merged.count;
  const sources = store.sources();
  const localIncluded = sources.some((s) => store.isLocal(s) && matchesSource(filter, s));
  const instances = sources
    .map(
      (s): InstanceReport => ({
        service: s.service,
        instance: s.instance,
        last_report:
          Number.isFinite(s.lastSeenMs) && s.lastSeenMs > 0 ? isoTime(s.lastSeenMs) : null,
        requests_last_hour: lastHour.get(s) ?? 0,
        total_requests: s.recorded,
        // A worker's status report says it is up even when it serves nothing.
        alive:
          store.isLocal(s) ||
          view.nowMs - s.lastSeenMs <= INSTANCE_ALIVE_MS ||
          view.nowMs - (context.instanceStatus?.get(s.service, s.instance)?.atMs ?? -Infinity) <=
            STATUS_ALIVE_MS,
        local: store.isLocal(s),
        ...statusOf(store.isLocal(s), s, context),
      }),
    )
    .sort((a, b) => compare(a.service, b.service) || compare(a.instance, b.instance));
  // The local process counts even before its first request ends (it has no source yet).
  const ownActive = isUnfiltered(filter) || localIncluded ? context.activeRequests : 0;
  const passing = instances.filter((i) => !i.local && i.alive && matchesSource(filter, i));
  const clusterActive = passing.reduce((n, i) => n + (i.active_requests ?? 0), ownActive);
  const unknownActive = passing.filter((i) => i.active_requests === null).length;
  const services = store
    .services()
    .map((s): ServiceReport => {
      const own = instances.filter((i) => i.service === s.service);
      return {
        service: s.service,
        instances: s.instances,
        requests_last_hour: own.reduce((n, i) => n + i.requests_last_hour, 0),
        total_requests: own.reduce((n, i) => n + i.total_requests, 0),
        series: s.series,
        overflowed_requests: s.overflowedRequests,
        overflowed_instance_requests: s.overflowedInstanceRequests,
      };
    })
    .sort((a, b) => compare(a.service, b.service));
  return {
    // Never negative: the wall clock may step back before the start (NTP, a VM resumed).
    uptime_seconds: Math.max(0, Math.floor((view.nowMs - store.startedAtMs) / 1000)),
    total_requests: isUnfiltered(filter)
      ? store.totalRecorded
      : sources.reduce((n, s) => n + (matchesSource(filter, s) ? s.recorded : 0), 0),
    requests_last_hour: total,
    requests_per_minute: round2(total / 60),
    error_rate: rate(errors, total),
    server_error_rate: rate(serverErrors, total),
    avg_response_time_ms: total > 0 ? round2(merged.sum / total) : 0,
    p95_response_time_ms: round2(quantile(merged, 0.95)),
    active_requests: ownActive,
    cluster_active_requests: clusterActive,
    active_requests_unknown_instances: unknownActive,
    data_retention_hours: store.retentionMs / HOUR_MS,
    saturation: context.saturation,
    telemetry: {
      dropped_spans: context.exporterDroppedSpans + store.droppedTooOld,
      series: store.seriesCount,
      series_limit: store.seriesLimit,
      overflowed_requests: store.overflowedRequests,
      folded_method_requests: store.foldedMethodRequests,
      folded_status_requests: store.foldedStatusRequests,
      folded_error_type_requests: store.foldedErrorTypeRequests,
      services: store.serviceCount,
      service_limit: store.serviceLimit,
      instances: store.sourceCount,
      instance_limit: store.instanceLimit,
      overflowed_service_requests: store.overflowedServiceRequests,
      overflowed_instance_requests: store.overflowedInstanceRequests,
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
      own_port: context.ownPort ?? null,
      forwarded: forwardedTotals(context.instanceStatus),
      drill_down: {
        exemplars_held: store.exemplars.held,
        exemplar_limit: store.exemplars.limit,
        exemplars_dropped: store.exemplars.dropped,
        error_groups: store.errorGroups.size,
        error_group_limit: store.errorGroups.limit,
        error_group_overflowed_errors: store.errorGroups.overflowed,
        saturation_instances: store.saturation.instances,
        saturation_instance_limit: store.saturation.limit,
        saturation_dropped_samples: store.saturation.dropped,
      },
      dependencies: {
        calls: store.dependencies.recordedCalls,
        folded_calls: store.dependencies.foldedCalls,
        unjoined_calls: store.dependencies.unjoinedCalls,
        unattributed_calls: store.dependencies.unattributedCalls,
        rows: store.dependencies.rowCount,
        row_limit: store.dependencies.limits.rowLimit,
        dependency_limit: store.dependencies.limits.dependencyLimit,
        operation_limit: store.dependencies.limits.operationLimit,
        n_plus_one_limit: store.dependencies.limits.nPlusOneLimit,
      },
    },
    services,
    instances,
    instance_events: store.instanceTimeline.since(Number.NEGATIVE_INFINITY).map((e) => ({
      kind: e.kind,
      at: isoTime(e.atMs),
      service: e.service,
      instance: e.instance,
      version: e.version,
      local: e.local,
    })),
    config_problems: [...(context.configProblems ?? [])],
    warnings: [...(context.warnings ?? [])],
    internal_errors: {
      total: context.internalErrors?.total ?? 0,
      by_site: { ...context.internalErrors?.bySite },
    },
    route_notice: unroutedNotice(unroutedCounts(view)),
  };
}

/** An instance's saturation and forwarding figures: this process's, or what it last reported. */
function statusOf(
  local: boolean,
  source: { readonly service: string; readonly instance: string },
  context: OverviewContext,
): Pick<InstanceReport, 'saturation' | 'forwarding' | 'active_requests'> {
  if (local) {
    return {
      saturation: context.saturation,
      forwarding: null,
      active_requests: context.activeRequests,
    };
  }
  const reported = context.instanceStatus?.get(source.service, source.instance);
  if (reported === undefined) return { saturation: null, forwarding: null, active_requests: null };
  const { forwarded, saturation } = reported.status;
  return {
    saturation,
    active_requests: reported.status.active_requests ?? null,
    forwarding: {
      exported_spans: forwarded.exported,
      failed_spans: forwarded.failed,
      dropped_spans: forwarded.dropped,
      pending_spans: forwarded.pending,
      reported_at: isoTime(reported.atMs),
    },
  };
}

function forwardedTotals(
  board: InstanceStatuses | undefined,
): (OtlpSpansReport & { instances: number }) | null {
  if (board === undefined) return null;
  const t = board.forwardedTotals();
  return {
    exported_spans: t.exported,
    failed_spans: t.failed,
    dropped_spans: t.dropped,
    pending_spans: t.pending,
    instances: board.size,
  };
}

/** Code-unit order, the same in every locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
