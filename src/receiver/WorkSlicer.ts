import { setImmediate as nextTurn } from 'node:timers/promises';

/** Longest stretch of receiver work between two yields to the event loop, in milliseconds. */
export const DEFAULT_RECEIVER_SLICE_MS = 2;
/** Units of work between two looks at the clock: reading it costs about as much as a span. */
const CHECK_EVERY = 32;

/**
 * Cuts a long loop into slices of at most about `sliceMs`: the loop calls
 * {@link tick} once per unit of work and awaits it; every slice's end yields
 * to the event loop (`setImmediate`), so the host's own requests, timers and
 * I/O run between slices, however large the body being worked through.
 */
export class WorkSlicer {
  /** Times the work yielded. */
  yields = 0;
  private sliceStart = performance.now();
  private sinceCheck = 0;

  constructor(
    /** The slice length, in milliseconds. */
    private readonly sliceMs: number = DEFAULT_RECEIVER_SLICE_MS,
  ) {}

  /** Undefined while the slice lasts; a promise to await once it is over (the loop then goes on). */
  tick(): Promise<void> | undefined {
    if (++this.sinceCheck < CHECK_EVERY) return undefined;
    this.sinceCheck = 0;
    if (performance.now() - this.sliceStart < this.sliceMs) return undefined;
    return this.pause();
  }

  private async pause(): Promise<void> {
    this.yields++;
    await nextTurn();
    this.sliceStart = performance.now();
  }
}
