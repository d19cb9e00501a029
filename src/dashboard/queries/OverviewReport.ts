/**
 * The shape of `/dashboard/overview`: the report and its parts, as the JSON
 * API serves them (see docs/api.md). Built by {@link overviewQuery}.
 */
import type { ReceiverReport } from '../../receiver/ReceiverStats.js';
import type { SaturationReport } from '../../reportInputs/SaturationReport.js';

/** One instance (process) of a service, as `/dashboard/overview` lists it. */
export interface InstanceReport {
  service: string;
  instance: string;
  /** ISO time of its newest request; null if none is known (a restored source). */
  last_report: string | null;
  requests_last_hour: number;
  /** Requests since it was first seen (or restored); forgotten with its data past the retention. */
  total_requests: number;
  alive: boolean;
  /** True for the process serving this dashboard. */
  local: boolean;
  /** This process's saturation for the local instance; a forwarding worker's last report; else null. */
  saturation: SaturationReport | null;
  /** A forwarding worker's own count of the spans it sent here (its last report); null for others. */
  forwarding: ForwardingReport | null;
  /** Requests in flight: this process's own, or what a worker last reported; null when not known. */
  active_requests: number | null;
}

/** Where a forwarding worker's spans went, as it last reported. */
export interface ForwardingReport {
  exported_spans: number;
  failed_spans: number;
  dropped_spans: number;
  pending_spans: number;
  /** ISO time of that report. */
  reported_at: string;
}

/** One service, as `/dashboard/overview` lists it. */
export interface ServiceReport {
  service: string;
  instances: number;
  requests_last_hour: number;
  total_requests: number;
  /** Live series of this service; the series limit applies to each service apart. */
  series: number;
  /** Requests folded into its `overflow` endpoint by the series limit. */
  overflowed_requests: number;
  /** Requests folded into its `overflow` instance by the instance limit. */
  overflowed_instance_requests: number;
}

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
  /** The series limit of each service. */
  series_limit: number;
  overflowed_requests: number;
  /** Requests whose method the per-endpoint limit folded into `_OTHER`. */
  folded_method_requests: number;
  /** Requests whose status the per-endpoint limit folded into its class's `x99`. */
  folded_status_requests: number;
  /** Requests whose error type the per-endpoint limit folded into `_OTHER`. */
  folded_error_type_requests: number;
  services: number;
  service_limit: number;
  instances: number;
  /** The instance limit of each service. */
  instance_limit: number;
  /** Requests folded into the `overflow` service by the service limit. */
  overflowed_service_requests: number;
  /** Requests folded into an `overflow` instance by the instance limit. */
  overflowed_instance_requests: number;
  /** Null when `OTEL_TRACES_EXPORTER` has no `otlp`. */
  otlp: OtlpSpansReport | null;
  /**
   * The forwarding workers' own counts of what they sent here, summed over
   * their last reports: their drops (queue full) and failures are spans this
   * dashboard never got. Null without a receiver.
   */
  forwarded: (OtlpSpansReport & { instances: number }) | null;
  /** The OTLP receiver's counts (`POST /v1/traces`); null when there is no receiver. */
  receiver: ReceiverReport | null;
  /** The own port's connection cap and what it refused; null without an own port. */
  own_port: OwnPortReport | null;
  /** The drill-down structures' limits, and what each dropped. */
  drill_down: {
    exemplars_held: number;
    exemplar_limit: number;
    exemplars_dropped: number;
    error_groups: number;
    error_group_limit: number;
    /** Errors counted in an `other` group because of the limit. */
    error_group_overflowed_errors: number;
    saturation_instances: number;
    saturation_instance_limit: number;
    saturation_dropped_samples: number;
  };
  /** Outgoing calls (CLIENT spans) since start: recorded, and what the limits and the join lost. */
  dependencies: DependencyFiguresReport;
}

/** The dependency rollup's figures since start (`telemetry.dependencies`). */
export interface DependencyFiguresReport {
  calls: number;
  /** Calls recorded in an `other` row by a limit. */
  folded_calls: number;
  /** Calls the join of calls to requests had no room for. */
  unjoined_calls: number;
  /** Calls no SERVER span of their trace took. */
  unattributed_calls: number;
  rows: number;
  row_limit: number;
  dependency_limit: number;
  operation_limit: number;
  n_plus_one_limit: number;
}

/** The own port's connection cap (`GOLDEN_SIGNALS_MAX_CONNECTIONS`) and the connections it closed at once. */
export interface OwnPortReport {
  connection_limit: number;
  refused_connections: number;
}

/** Failures caught in golden-signals' own code on the app's time: counted, logged once per site, never thrown. */
export interface InternalErrorsReport {
  total: number;
  /** By site (`saturation.read`, `span.end`, `snapshot.write`, …); only sites that failed. */
  by_site: Record<string, number>;
}

/** An instance first seen (`started`) or seen with a new `service.version` (`version`). */
export interface InstanceEventReport {
  kind: 'started' | 'version';
  /** ISO time it was first seen so. */
  at: string;
  service: string;
  instance: string;
  /** `service.version`; `''` when the resource names none. */
  version: string;
  /** The dashboard's own process. */
  local: boolean;
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
  /**
   * In flight over every alive instance the filter passes: this process's
   * own plus each forwarding worker's last report (at most 5 s old).
   */
  cluster_active_requests: number;
  /** Alive instances the filter passes whose in-flight count is not known (OTLP senders): not in `cluster_active_requests`. */
  active_requests_unknown_instances: number;
  data_retention_hours: number;
  saturation: SaturationReport;
  telemetry: TelemetryReport;
  /** Every live service, by name; not filtered, so a selector can offer each. */
  services: ServiceReport[];
  /** Every live instance, by service then id; not filtered either. */
  instances: InstanceReport[];
  /** Instances' starts and version changes as their resources said, oldest first (the charts' markers); not filtered. */
  instance_events: InstanceEventReport[];
  /**
   * What the `register` preload found wrong in the environment: one message
   * per variable whose value it set aside for the default. Empty when all is well.
   */
  config_problems: string[];
  /**
   * Why this dashboard may count less than the app serves, as start-up said
   * on stderr: another OpenTelemetry SDK registered the globals first, with
   * the fix. Empty when all is well.
   */
  warnings: string[];
  /** This process's own failures, caught and counted; not filtered. */
  internal_errors: InternalErrorsReport;
  /**
   * Said when requests keep being answered and none has a route template in
   * the last hour (a framework golden-signals does not recognise); null
   * otherwise. Not filtered.
   */
  route_notice: string | null;
}
