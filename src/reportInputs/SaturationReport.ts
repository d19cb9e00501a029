/** Saturation figures of the process, gathered by the caller. */
export interface SaturationReport {
  event_loop_delay_p99_ms: number;
  event_loop_utilization: number;
  heap_used_bytes: number;
  rss_bytes: number;
}
