import { InternalErrors } from '../guard/InternalErrors.js';
import type { SaturationReport } from '../reportInputs/SaturationReport.js';
import type { SaturationRecorder } from './LatestSaturation.js';

/** How often the local saturation is sampled into the store's history. */
export const SATURATION_SAMPLE_MS = 5_000;

/**
 * Samples this process's saturation into the store's history (and the
 * gauges of `/metrics`) every few
 * seconds (an unref'd timer, stopped once), with the peak of requests in
 * flight since the previous sample, so the history has a point for every
 * minute whether or not anyone reads the dashboard. A sample that fails (a
 * saturation function that throws) is counted by the guard and skipped.
 */
export class SaturationSampler {
  private readonly timer: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly store: SaturationRecorder,
    private readonly saturation: () => SaturationReport,
    private readonly peakActiveRequests: (() => number) | undefined,
    intervalMs: number = SATURATION_SAMPLE_MS,
    private readonly guard: InternalErrors = InternalErrors.toConsole(),
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  /** Takes one sample now; never throws. */
  sample(): void {
    if (this.stopped) return;
    try {
      const s = this.saturation();
      this.store.recordSaturation({
        eventLoopDelayP99Ms: s.event_loop_delay_p99_ms,
        eventLoopUtilization: s.event_loop_utilization,
        heapUsedBytes: s.heap_used_bytes,
        rssBytes: s.rss_bytes,
        peakActiveRequests: this.peakActiveRequests?.(),
      });
    } catch (err) {
      this.guard.record('saturation.sample', err);
    }
  }

  /** Takes a last sample and stops; safe to call twice. */
  stop(): void {
    if (this.stopped) return;
    this.sample();
    this.stopped = true;
    clearInterval(this.timer);
  }
}
