/**
 * The parts of the drill-down answers the page reads (`/slowest`, `/saturation`,
 * `/inflight`, `/slo`, `/traces/:id`, `/requests?compare=previous`). test/web/apiTypes.check.ts
 * checks at compile time that the server's types still fit these.
 */

/** One request of `/dashboard/inflight`. */
export interface InflightRequestAnswer {
  trace_id: string;
  method: string;
  endpoint: string;
  age_ms: number;
}

/** `/dashboard/inflight?min_age_ms=…`. */
export interface InflightAnswer {
  total: number;
  listed: number;
  left_out: number;
  younger: number;
  min_age_ms: number;
  requests: InflightRequestAnswer[];
}

/** One window of a burn-rate pair. */
export interface BurnWindowAnswer {
  window: string;
  burn_rate: number;
}

/** One objective of `/dashboard/slo`. */
export interface ObjectiveAnswer {
  name: string;
  description: string;
  /** What counts as a failure, in words. */
  rule: string;
  /** The route of a per-route objective; null for every route. */
  route: string | null;
  /** The latency objective's threshold (drawn on the latency charts); null for availability. */
  threshold_ms: number | null;
  window: string;
  total: number;
  good: number;
  error_budget: { remaining_requests: number; remaining_fraction: number };
  burn_rates: {
    long: BurnWindowAnswer;
    short: BurnWindowAnswer;
    threshold: number;
    alerting: boolean;
  }[];
}

/** `/dashboard/slo`. */
export interface SloAnswer {
  objectives: ObjectiveAnswer[];
  routes: { route: string; objectives: ObjectiveAnswer[] }[];
  apdex: {
    period: string;
    overall: { threshold_ms: number; score: number | null; total: number };
  };
}

/** One span of `/dashboard/traces/:id`. */
export interface TraceSpanAnswer {
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: string;
  start_offset_ms: number;
  duration_ms: number;
  status: { code: string; message: string };
  service: string;
  attributes: Record<string, string | number | boolean>;
  dropped_attributes: number;
}

/** `/dashboard/traces/:id`. */
export interface TraceAnswer {
  trace_id: string;
  spans: TraceSpanAnswer[];
  dropped_spans: number;
}

/** One endpoint's window of `compare`. */
export interface EndpointFiguresAnswer {
  count: number;
  rate_per_s: number;
  error_rate: number;
  p95_ms: number | null;
}

/** `compare` of `/dashboard/requests?compare=previous`. */
export interface CompareAnswer {
  previous: { complete: boolean; since: string };
  by_endpoint: Record<
    string,
    {
      current: EndpointFiguresAnswer;
      previous: EndpointFiguresAnswer;
      change: { rate_per_s: number; error_rate: number; p95_ms: number | null };
    }
  >;
}

/** A held request (`/dashboard/slowest`). */
export interface HeldRequestAnswer {
  timestamp: string;
  endpoint: string;
  method: string;
  status_code: number;
  duration_ms: number;
  trace_id: string;
  service: string;
  instance: string;
  /** Whether the trace view still has its trace (absent from an older server: assume it does). */
  trace_held?: boolean;
}

/** `/dashboard/slowest`. */
export interface SlowestAnswer {
  requests: HeldRequestAnswer[];
  exemplars: { held: number; limit: number; dropped: number };
}

/** One entry of `/dashboard/errors` `groups`. */
export interface ErrorGroupAnswer {
  endpoint: string;
  error_type: string;
  template: string;
  count: number;
  first_seen: string;
  last_seen: string;
  statuses: Record<string, number>;
  sample_trace_id: string;
  other: boolean;
}

/** One step of `/dashboard/saturation`. */
export interface SaturationPointAnswer {
  timestamp: string;
  event_loop_delay_p99_ms: number;
  peak_active_requests: number | null;
}

/** `/dashboard/saturation`. */
export interface SaturationAnswer {
  since: string;
  step_seconds: number;
  instances: {
    service: string;
    instance: string;
    local: boolean;
    points: SaturationPointAnswer[];
  }[];
}

/** One step of `/dashboard/endpoint`: one route's requests, errors and percentiles. */
export interface EndpointSeriesPointAnswer {
  timestamp: string;
  count: number;
  errors: number;
  server_errors: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
}

/** `/dashboard/endpoint?endpoint=…`: the drill-down's charts. */
export interface EndpointSeriesAnswer {
  endpoint: string;
  total: number;
  timeseries: { step_seconds: number; points: EndpointSeriesPointAnswer[] };
}
