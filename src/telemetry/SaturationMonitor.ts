import {
  type EventLoopUtilization,
  type IntervalHistogram,
  monitorEventLoopDelay,
  performance,
} from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { InternalErrors } from '../guard/InternalErrors.js';
import type { SaturationReport } from '../reportInputs/SaturationReport.js';

/** How long one saturation window lasts before the figures start afresh. */
export const SATURATION_WINDOW_MS = 60_000;

/**
 * Reads the process's saturation: event-loop delay (p99, from
 * `perf_hooks.monitorEventLoopDelay`), event-loop utilization, heap and RSS.
 * Delay and utilization cover the time since the window began; the window
 * restarts on the first read after {@link SATURATION_WINDOW_MS}, so the
 * figures describe the last minute or so, not the whole uptime. No timer.
 *
 * Neither the constructor nor {@link read} throws. `process.memoryUsage()`
 * throws `EMFILE` when the app is out of descriptors (it reads `/proc`):
 * the heap then comes from V8 and the RSS is the last good figure. Without
 * a delay histogram (`monitorEventLoopDelay` unavailable or throwing) the
 * delay reads 0. Each failure is counted by the guard.
 */
export class SaturationMonitor {
  private readonly histogram: IntervalHistogram | undefined;
  private windowStart: EventLoopUtilization | undefined;
  private windowStartedAt: number;
  private lastHeapUsed = 0;
  private lastRss = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly guard: InternalErrors = InternalErrors.toConsole(),
  ) {
    this.histogram = guard.run(
      'saturation.monitor',
      () => {
        const histogram = monitorEventLoopDelay({ resolution: 10 });
        histogram.enable();
        return histogram;
      },
      undefined,
    );
    this.windowStart = this.utilization();
    this.windowStartedAt = now();
  }

  /** Current figures; never throws. */
  read(): SaturationReport {
    const p99Ns = this.guard.run('saturation.read', () => this.delayP99Ns(), 0);
    const elu = this.guard.run(
      'saturation.read',
      () =>
        this.windowStart === undefined
          ? 0
          : performance.eventLoopUtilization(this.windowStart).utilization,
      0,
    );
    this.readMemory();
    const report: SaturationReport = {
      event_loop_delay_p99_ms: Math.round(p99Ns / 1e4) / 100,
      event_loop_utilization: Math.round(elu * 10_000) / 10_000,
      heap_used_bytes: this.lastHeapUsed,
      rss_bytes: this.lastRss,
    };
    if (this.now() - this.windowStartedAt >= SATURATION_WINDOW_MS) {
      this.guard.run('saturation.read', () => this.histogram?.reset(), undefined);
      this.windowStart = this.utilization();
      this.windowStartedAt = this.now();
    }
    return report;
  }

  /** Stops sampling the event loop. */
  stop(): void {
    this.histogram?.disable();
  }

  private delayP99Ns(): number {
    const h = this.histogram;
    return h !== undefined && h.count > 0 ? h.percentile(99) : 0;
  }

  private utilization(): EventLoopUtilization | undefined {
    return this.guard.run('saturation.read', () => performance.eventLoopUtilization(), undefined);
  }

  /** Heap and RSS into the last good figures; V8's heap figure when `process.memoryUsage` fails. */
  private readMemory(): void {
    try {
      const memory = process.memoryUsage();
      this.lastHeapUsed = memory.heapUsed;
      this.lastRss = memory.rss;
    } catch (err) {
      this.guard.record('saturation.read', err);
      // V8's own figure needs no descriptor; the RSS stays at its last good value.
      this.lastHeapUsed = this.guard.run(
        'saturation.read',
        () => getHeapStatistics().used_heap_size,
        this.lastHeapUsed,
      );
    }
  }
}
