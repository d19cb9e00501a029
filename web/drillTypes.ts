/** The parts of the drill-down answers the page reads (see src/dashboard/queries). */

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
