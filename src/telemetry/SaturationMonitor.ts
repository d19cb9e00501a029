import { type EventLoopUtilization, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { SaturationReport } from './SaturationReport.js';

/** How long one saturation window lasts before the figures start afresh. */
export const SATURATION_WINDOW_MS = 60_000;

/**
 * Reads the process's saturation: event-loop delay (p99, from
 * `perf_hooks.monitorEventLoopDelay`), event-loop utilization, heap and RSS.
 * Delay and utilization cover the time since the window began; the window
 * restarts on the first read after {@link SATURATION_WINDOW_MS}, so the
 * figures describe the last minute or so, not the whole uptime. No timer.
 */
export class SaturationMonitor {
  private readonly histogram = monitorEventLoopDelay({ resolution: 10 });
  private windowStart: EventLoopUtilization;
  private windowStartedAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.histogram.enable();
    this.windowStart = performance.eventLoopUtilization();
    this.windowStartedAt = now();
  }

  /** Current figures. */
  read(): SaturationReport {
    const p99Ns = this.histogram.count > 0 ? this.histogram.percentile(99) : 0;
    const elu = performance.eventLoopUtilization(this.windowStart).utilization;
    const memory = process.memoryUsage();
    const report: SaturationReport = {
      event_loop_delay_p99_ms: Math.round(p99Ns / 1e4) / 100,
      event_loop_utilization: Math.round(elu * 10_000) / 10_000,
      heap_used_bytes: memory.heapUsed,
      rss_bytes: memory.rss,
    };
    if (this.now() - this.windowStartedAt >= SATURATION_WINDOW_MS) {
      this.histogram.reset();
      this.windowStart = performance.eventLoopUtilization();
      this.windowStartedAt = this.now();
    }
    return report;
  }

  /** Stops sampling the event loop. */
  stop(): void {
    this.histogram.disable();
  }
}
