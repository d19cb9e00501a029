/**
 * The parts of the dependency answers the page reads (`/dependencies`,
 * `/dependencies/slowest`). test/web/apiTypes.check.ts checks at compile time
 * that the server's types still fit these.
 */

/** Latency of calls, in milliseconds. */
export interface CallLatencyAnswer {
  p50: number;
  p95: number;
  p99: number;
  avg: number;
  max: number;
}

/** One operation of a dependency. */
export interface DependencyOperationAnswer {
  operation: string;
  calls: number;
  errors: number;
  latency_ms: CallLatencyAnswer;
}

/** One dependency of `/dashboard/dependencies`. */
export interface DependencyAnswer {
  dependency: string;
  kind: string;
  system: string;
  calls: number;
  errors: number;
  error_rate: number;
  latency_ms: CallLatencyAnswer;
  operations: DependencyOperationAnswer[];
}

/** One dependency of an endpoint: the calls its requests made there. */
export interface EndpointDependencyAnswer {
  dependency: string;
  calls: number;
  calls_per_request: number;
  time_ms: number;
  time_share: number;
}

/** A request pattern flagged as N+1. */
export interface NPlusOneAnswer {
  endpoint: string;
  dependency: string;
  statement: string;
  requests: number;
  max_calls_per_request: number;
  trace_id: string;
}

/** `/dashboard/dependencies?period=…`. */
export interface DependenciesAnswer {
  period: string;
  total_calls: number;
  errors: number;
  dependencies: DependencyAnswer[];
  endpoints: { endpoint: string; requests: number; dependencies: EndpointDependencyAnswer[] }[];
  n_plus_one_threshold: number;
  n_plus_one: NPlusOneAnswer[];
  unattributed_calls: number;
}

/** One call of `/dashboard/dependencies/slowest`. */
export interface SlowCallAnswer {
  timestamp: string;
  duration_ms: number;
  operation: string;
  statement: string | null;
  error: boolean;
  error_type: string | null;
  status_code: number | null;
  trace_id: string;
  /** Whether the trace view still holds its trace; absent from a server before it said so. */
  trace_held?: boolean;
}

/** `/dashboard/dependencies/slowest?dependency=…`. */
export interface SlowCallsAnswer {
  period: string;
  dependency: string | null;
  exact_limit: number;
  calls: SlowCallAnswer[];
}
