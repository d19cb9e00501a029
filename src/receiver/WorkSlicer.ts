import { setTimeout as sleep } from 'node:timers/promises';

/** Longest stretch of receiver work between two yields to the event loop, in milliseconds. */
export const DEFAULT_RECEIVER_SLICE_MS = 2;
/**
 * Most of the event loop's time the work may take: after each slice it
 * rests as long again, so the host's own work always gets at least half.
 */
export const DEFAULT_RECEIVER_SHARE = 0.5;
/** Units of work between two looks at the clock: reading it costs about as much as a span. */
const CHECK_EVERY = 32;

/**
 * Cuts a long loop into slices of at most about `sliceMs`: the loop calls
 * {@link tick} once per unit of work and awaits it; every slice's end yields
 * to the event loop and rests (a timer) so the work takes at most `share`
 * of the time, so the host's own requests, timers and I/O run between
 * slices, promptly, however large the body being worked through.
 */
export class WorkSlicer {
  /** Times the work yielded. */
  yields = 0;
  private sliceStart = performance.now();
  private sinceCheck = 0;

  constructor(
    /** The slice length, in milliseconds. */
    private readonly sliceMs: number = DEFAULT_RECEIVER_SLICE_MS,
    /** The share of the time the work may take, above 0 and at most 1. */
    private readonly share: number = DEFAULT_RECEIVER_SHARE,
  ) {}

  /** Undefined while the slice lasts; a promise to await once it is over (the loop then goes on). */
  tick(): Promise<void> | undefined {
    if (++this.sinceCheck < CHECK_EVERY) return undefined;
    this.sinceCheck = 0;
    const worked = performance.now() - this.sliceStart;
    if (worked < this.sliceMs) return undefined;
    return this.pause(worked);
  }

  private async pause(worked: number): Promise<void> {
    this.yields++;
    await sleep((worked * (1 - this.share)) / this.share);
    this.sliceStart = performance.now();
  }
}
