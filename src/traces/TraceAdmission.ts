import { requireLimits } from './requireLimits.js';

/** Traces the ring takes each second whatever they are: below this rate it holds every one. */
export const DEFAULT_TRACES_PER_SECOND = 50;
/** Error traces it takes each second past that rate (beside the exemplar candidates, always taken). */
export const DEFAULT_ERROR_TRACES_PER_SECOND = 20;

/** Limits of a {@link TraceAdmission}. */
export interface TraceAdmissionOptions {
  readonly tracesPerSecond?: number;
  readonly errorTracesPerSecond?: number;
}

/**
 * Which finished requests the trace ring holds. Up to
 * {@link DEFAULT_TRACES_PER_SECOND} a second, every one, so a service at
 * ordinary traffic (and every test) sees all its traces. Past that, only
 * the traces a user can reach from a number: the store's exemplar
 * candidates (the first request of each latency bin, from which the latency
 * exemplars are chosen, and each request that enters a minute's top list
 * of `/dashboard/slowest`), and errors up to {@link DEFAULT_ERROR_TRACES_PER_SECOND} a second.
 *
 * Why not all: at thousands of requests a second a ring of a thousand
 * traces turns over in a fraction of a second, so it holds nothing a link
 * could still reach, while every held span survives the young generation
 * and costs the garbage collector several microseconds per request. The
 * seconds are those of the spans' end times, so the policy needs no clock.
 */
export class TraceAdmission {
  readonly tracesPerSecond: number;
  readonly errorTracesPerSecond: number;
  private second = Number.NEGATIVE_INFINITY;
  private taken = 0;
  private errorsTaken = 0;
  private passed = 0;

  /** @throws RangeError when a limit is not a non-negative integer. */
  constructor(options: TraceAdmissionOptions = {}) {
    this.tracesPerSecond = options.tracesPerSecond ?? DEFAULT_TRACES_PER_SECOND;
    this.errorTracesPerSecond = options.errorTracesPerSecond ?? DEFAULT_ERROR_TRACES_PER_SECOND;
    requireLimits({
      tracesPerSecond: this.tracesPerSecond,
      errorTracesPerSecond: this.errorTracesPerSecond,
    });
  }

  /** Traces passed over since start: neither within the rate, an exemplar candidate, nor an error within its rate. */
  get passedOver(): number {
    return this.passed;
  }

  /** Whether to hold the trace of a server span that ended at `endMs` (epoch ms). */
  admit(endMs: number, error: boolean, exemplarCandidate: boolean): boolean {
    const second = Math.floor(endMs / 1000);
    if (second !== this.second) {
      this.second = second;
      this.taken = 0;
      this.errorsTaken = 0;
    }
    if (this.taken < this.tracesPerSecond) {
      this.taken++;
      return true;
    }
    if (exemplarCandidate) return true;
    if (error && this.errorsTaken < this.errorTracesPerSecond) {
      this.errorsTaken++;
      return true;
    }
    this.passed++;
    return false;
  }
}
