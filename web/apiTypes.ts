/**
 * The parts of the JSON API the page reads. The server's own types live in
 * src/dashboard/queries; test/web/apiTypes.test.ts checks at compile time that
 * they still fit these, so the page cannot drift from the API unnoticed.
 */
import type { ErrorGroupAnswer } from './drillDownTypes.js';

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
  total: number;
  by_endpoint: Record<string, number>;
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
  recent: RecentErrorAnswer[];
  /** Error fingerprints, exact over the period (web/drillDownPanel.ts lists an endpoint's). */
  groups: ErrorGroupAnswer[];
}

/** One entry of `/dashboard/overview` `instances`. */
export interface InstanceAnswer {
  service: string;
  instance: string;
  alive: boolean;
}

/** `/dashboard/overview`. */
export interface OverviewAnswer {
  total_requests: number;
  active_requests: number;
  saturation: { event_loop_delay_p99_ms: number };
  /** Every instance the dashboard has seen, whatever the filter. */
  instances: InstanceAnswer[];
  /** Settings the preload set aside for their defaults, one message each. */
  config_problems: string[];
  /** Failures caught in golden-signals' own code (counted, never thrown into the app). */
  internal_errors: { total: number; by_site: Record<string, number> };
  /** Said when no request has a route template (a framework golden-signals does not recognise). */
  route_notice?: string | null;
}

/** Everything one refresh fetches, for one period. */
export interface DashboardAnswers {
  overview: OverviewAnswer;
  requests: RequestsAnswer;
  latency: LatencyAnswer;
  errors: ErrorsAnswer;
}
