/** The parts of `/dashboard/verdict` the page reads (test/web/apiTypes.check.ts keeps them in step). */

/** One route of a "worst routes" list. */
export interface WorstRouteAnswer {
  route: string;
  requests: number;
  server_errors: number;
  server_error_rate: number;
  p95_ms: number;
  latency_impact_ms: number;
}

/** The thresholds the headlines are coloured by. */
export interface ThresholdsAnswer {
  server_error_rate_warn: number;
  server_error_rate_critical: number;
  p95_warn_ms: number;
  p95_critical_ms: number;
  loop_delay_warn_ms: number;
  loop_delay_critical_ms: number;
  min_requests: number;
}

/** `/dashboard/verdict?period=…`. */
export interface VerdictAnswer {
  period: string;
  verdict: 'ok' | 'degraded' | 'burning' | 'no_data';
  reasons: string[];
  total_requests: number;
  server_errors: number;
  client_errors: number;
  server_error_rate: number | null;
  p95_ms: number | null;
  thresholds: ThresholdsAnswer;
  by_server_errors: WorstRouteAnswer[];
  by_latency_impact: WorstRouteAnswer[];
}
