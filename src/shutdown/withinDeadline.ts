/**
 * Waits for `work`, or `timeoutMs`, whichever comes first: true if the work
 * settled in time, false if the deadline came first (the work runs on,
 * unawaited). A rejection of the work passes through. The timer is ref'd:
 * a shutdown keeps the process alive until it is done or out of time. An
 * infinite `timeoutMs` waits for the work alone.
 */
export function withinDeadline(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  if (!Number.isFinite(timeoutMs)) return work.then(() => true);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs));
  });
  return Promise.race([work.then(() => true), late]).finally(() => clearTimeout(timer));
}

/** Milliseconds left until `endsAt` (a `performance.now()` time), never below zero. */
export function remainingUntil(endsAt: number): number {
  return Math.max(0, endsAt - performance.now());
}
