import type { RequestStore } from '../../store/RequestStore.js';
import { ALL_SOURCES, matchesSource, type SourceFilter } from '../../store/SourceFilter.js';
import {
  copyPoint,
  mergePoint,
  type SaturationPoint,
} from '../../store/saturation/SaturationSample.js';
import { isoTime, round2 } from './numbers.js';
import { chooseStepMs } from './timeSteps.js';

/** One step of an instance's saturation history. */
export interface SaturationHistoryPoint {
  timestamp: string;
  /** Max over the step. */
  event_loop_delay_p99_ms: number;
  /** Mean over the step's samples. */
  event_loop_utilization: number;
  /** Max over the step. */
  heap_used_bytes: number;
  /** Max over the step. */
  rss_bytes: number;
  /** Most requests in flight at once in the step; null when unknown (a forwarding worker). */
  peak_active_requests: number | null;
  samples: number;
}

/** The `/dashboard/saturation` answer. */
export interface SaturationHistoryReport {
  period: string;
  since: string;
  step_seconds: number;
  /** One history per instance, by service then instance; points only for steps with samples, oldest first. */
  instances: {
    service: string;
    instance: string;
    local: boolean;
    points: SaturationHistoryPoint[];
  }[];
  /** Most instances with a history, and the samples of others dropped. */
  instance_limit: number;
  dropped_samples: number;
}

/**
 * The saturation history over the window, per instance the filter passes,
 * in steps of at most about 120 points: per minute for the last day, per
 * hour before, rolled up by max (delay p99, memory, peak in flight) and
 * mean (utilization).
 */
export function saturationQuery(
  store: RequestStore,
  period: string,
  periodMs: number,
  filter: SourceFilter = ALL_SOURCES,
): SaturationHistoryReport {
  const view = store.window(periodMs);
  const lastStart = view.nowMs - (view.nowMs % view.bucketMs);
  const stepMs = chooseStepMs(lastStart + view.bucketMs - view.sinceMs, view.resolutionMs);
  const byInstance = new Map<string, Map<number, SaturationPoint>>();
  for (const bucket of store.saturationSince(view.sinceMs)) {
    const step = bucket.start - (bucket.start % stepMs);
    for (const p of bucket.points) {
      if (!matchesSource(filter, p)) continue;
      const key = `${p.service}\u0000${p.instance}`;
      let steps = byInstance.get(key);
      if (steps === undefined) {
        steps = new Map();
        byInstance.set(key, steps);
      }
      const at = steps.get(step);
      if (at === undefined) steps.set(step, copyPoint(p));
      else mergePoint(at, p);
    }
  }
  const instances = [...byInstance.values()]
    .map((steps) => {
      const points = [...steps].sort((a, b) => a[0] - b[0]);
      const first = points[0]?.[1] as SaturationPoint;
      return {
        service: first.service,
        instance: first.instance,
        local: store.isLocal(first),
        points: points.map(
          ([start, p]): SaturationHistoryPoint => ({
            timestamp: isoTime(start),
            event_loop_delay_p99_ms: round2(p.delayP99MaxMs),
            event_loop_utilization: Math.round((p.utilizationSum / p.samples) * 10_000) / 10_000,
            heap_used_bytes: p.heapUsedMaxBytes,
            rss_bytes: p.rssMaxBytes,
            peak_active_requests: p.peakActive < 0 ? null : p.peakActive,
            samples: p.samples,
          }),
        ),
      };
    })
    .sort((a, b) =>
      a.service < b.service ? -1 : a.service > b.service ? 1 : a.instance < b.instance ? -1 : 1,
    );
  return {
    period,
    since: isoTime(view.sinceMs),
    step_seconds: stepMs / 1000,
    instances,
    instance_limit: store.saturation.limit,
    dropped_samples: store.saturation.dropped,
  };
}
