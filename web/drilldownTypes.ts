/**
 * The parts of the drill-down answers the page reads (`/inflight`, `/slo`,
 * `/traces/:id`, `/requests?compare=previous`). test/web/apiTypes.check.ts
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
