/** One reading of a process's saturation, as the store keeps its history. */
export interface SaturationSample {
  readonly eventLoopDelayP99Ms: number;
  /** 0..1. */
  readonly eventLoopUtilization: number;
  readonly heapUsedBytes: number;
  readonly rssBytes: number;
  /** Most requests in flight at once since the previous sample; absent when unknown (a forwarding worker). */
  readonly peakActiveRequests?: number | undefined;
}

/**
 * Samples of one instance over a bucket or a step, rolled up: max of the
 * delay p99, the memory and the peak in flight; mean of the utilization.
 */
export interface SaturationPoint {
  readonly service: string;
  readonly instance: string;
  samples: number;
  delayP99MaxMs: number;
  utilizationSum: number;
  heapUsedMaxBytes: number;
  rssMaxBytes: number;
  /** -1 when no sample knew it. */
  peakActive: number;
}

/** A new point of one sample. */
export function pointOf(service: string, instance: string, s: SaturationSample): SaturationPoint {
  return {
    service,
    instance,
    samples: 1,
    delayP99MaxMs: s.eventLoopDelayP99Ms,
    utilizationSum: s.eventLoopUtilization,
    heapUsedMaxBytes: s.heapUsedBytes,
    rssMaxBytes: s.rssBytes,
    peakActive: s.peakActiveRequests ?? -1,
  };
}

/** Adds `from` into `into` by the roll-up rules. */
export function mergePoint(into: SaturationPoint, from: SaturationPoint): void {
  into.samples += from.samples;
  into.delayP99MaxMs = Math.max(into.delayP99MaxMs, from.delayP99MaxMs);
  into.utilizationSum += from.utilizationSum;
  into.heapUsedMaxBytes = Math.max(into.heapUsedMaxBytes, from.heapUsedMaxBytes);
  into.rssMaxBytes = Math.max(into.rssMaxBytes, from.rssMaxBytes);
  into.peakActive = Math.max(into.peakActive, from.peakActive);
}

/** A copy, to merge into without touching the original. */
export function copyPoint(p: SaturationPoint): SaturationPoint {
  return { ...p };
}
