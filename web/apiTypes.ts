/**
 * The parts of the JSON API the page reads. The server's own types live in
 * src/dashboard/queries; test/web/apiTypes.test.ts checks at compile time that
 * they still fit these, so the page cannot drift from the API unnoticed.
 */

import type { ErrorGroupAnswer } from './drillDownTypes.js';
import type { BackendAnswer, PerProcessAnswer } from './perProcessTypes.js';

/** Latency figures of a window, in milliseconds. */
export interface LatencyFigures {
  avg_ms: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
}

/** One step of `/dashboard/requests` `timeseries`. */
export interface RequestsPointAnswer {
  timestamp: string;
  count: number;
  errors: number;
  server_errors: number;
}

/** `/dashboard/requests?period=…`. */
export interface RequestsAnswer {
  period: string;
  since: string;
  total: number;
  /** Start of the first bucket with a request; null without any. */
  first_request_at: string | null;
  /** total per minute over the time covered (since first_request_at); null without requests. */
  requests_per_minute: number | null;
  by_endpoint: Record<string, number>;
  /** Each endpoint's methods, busiest first (since issue 27; absent from an older server). */
  methods_by_endpoint?: Record<string, string[]>;
  timeseries: { step_seconds: number; points: RequestsPointAnswer[] };
}

/** One step of `/dashboard/latency` `timeseries`; null percentiles for a step without requests. */
export interface LatencyPointAnswer {
  timestamp: string;
  count: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
}

/** `/dashboard/latency?period=…`. */
export interface LatencyAnswer {
  period: string;
  total_requests: number;
  overall: LatencyFigures;
  by_endpoint: Record<string, LatencyFigures>;
  timeseries: { step_seconds: number; points: LatencyPointAnswer[] };
}

/** One entry of `/dashboard/errors` `recent`. */
export interface RecentErrorAnswer {
  timestamp: string;
  endpoint: string;
  method: string;
  error_type: string;
  message: string;
  status_code: number;
  trace_id: string;
}

/** `/dashboard/errors?period=…`. */
export interface ErrorsAnswer {
  period: string;
  total_requests: number;
  total_errors: number;
  total_server_errors: number;
  by_endpoint: Record<string, number>;
  /** 5xx per endpoint (since issue 27; absent from an older server). */
  server_errors_by_endpoint?: Record<string, number>;
  recent: RecentErrorAnswer[];
  /** The newest 5xx only. */
  recent_server_errors: RecentErrorAnswer[];
  /**
   * Error fingerprints, exact over the period; the page's poll leaves them
   * out (`groups=0`) and the drill-down asks for one endpoint's (`groups_endpoint`).
   */
  groups?: ErrorGroupAnswer[];
  /** Over an engine: `recent` holds nothing, and this says why and where to look. */
  per_process?: { recent?: PerProcessAnswer };
}

/** One entry of `/dashboard/overview` `instances`. */
export interface InstanceAnswer {
  service: string;
  instance: string;
  alive: boolean;
}

/** The same, with what the saturation headline reads. */
export interface InstanceFiguresAnswer extends InstanceAnswer {
  /** The process serving the page. */
  local: boolean;
  /** Its own (local), or a worker's last reported; null when not known. */
  saturation: { event_loop_delay_p99_ms: number } | null;
  /** Its requests in flight; null when not known. */
  active_requests: number | null;
}

/** One entry of `/dashboard/overview` `instance_events`. */
export interface InstanceEventAnswer {
  kind: 'started' | 'version';
  at: string;
  service: string;
  instance: string;
  version: string;
  local: boolean;
}

/** `/dashboard/overview`. */
export interface OverviewAnswer {
  /** Seconds since this process started (the charts mark the start). */
  uptime_seconds: number;
  total_requests: number;
  active_requests: number;
  /** In flight over every alive instance shown: this process's and the workers' last reports. */
  cluster_active_requests: number;
  /** Alive instances shown whose in-flight count is not known. */
  active_requests_unknown_instances: number;
  saturation: { event_loop_delay_p99_ms: number };
  /** Every instance the dashboard has seen, whatever the filter. */
  instances: InstanceFiguresAnswer[];
  /** Instances' starts and version changes (the charts' markers); absent from an older server. */
  instance_events?: InstanceEventAnswer[];
  /** Settings the preload set aside for their defaults, one message each. */
  config_problems: string[];
  /** Why the dashboard may count less than the app serves (i25-otel); absent from older servers. */
  warnings?: string[];
  /** Failures caught in golden-signals' own code (counted, never thrown into the app). */
  internal_errors: { total: number; by_site: Record<string, number> };
  /** Said when no request has a route template (a framework golden-signals does not recognise). */
  route_notice?: string | null;
  /** Where the figures come from when not this process's memory (`serve --prometheus`). */
  backend?: BackendAnswer;
}

/** Everything one refresh fetches, for one period. */
export interface DashboardAnswers {
  overview: OverviewAnswer;
  requests: RequestsAnswer;
  latency: LatencyAnswer;
  errors: ErrorsAnswer;
}
