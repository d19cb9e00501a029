import type { InternalErrorSite } from './InternalErrorSite.js';

export type { InternalErrorSite };

/** Where the guard writes its one line per site. */
export interface InternalErrorLogger {
  warn(message: string): void;
}

/** The counts so far, as the overview and `/metrics` serve them. */
export interface InternalErrorCounts {
  /** Failures caught, every site together. */
  readonly total: number;
  /** Failures caught per site; only sites that failed appear. */
  readonly bySite: Readonly<Partial<Record<InternalErrorSite, number>>>;
}

/** The longest error text a log line carries: a hostile message cannot flood the app's log. */
const MAX_LOGGED_MESSAGE = 300;

/**
 * The guard around everything of ours that runs on the app's time: timers,
 * span processor hooks, listeners, request handlers, snapshot writes and
 * shutdown steps. A failure is caught, counted by site, logged once per
 * site, and the guarded code returns its fallback: nothing of ours throws
 * into the app. One instance per handle; it holds no module-level state.
 * Its own work never throws either, even when the logger does.
 */
export class InternalErrors implements InternalErrorCounts {
  private readonly counts = new Map<InternalErrorSite, number>();
  private count = 0;

  constructor(private readonly log: InternalErrorLogger) {}

  /** A guard of its own, for a part built without the handle's: it logs to `console.warn`. */
  static toConsole(): InternalErrors {
    return new InternalErrors({ warn: (m) => console.warn(`golden-signals: ${m}`) });
  }

  /** Failures caught, every site together. */
  get total(): number {
    return this.count;
  }

  /** Failures caught per site, as a fresh object. */
  get bySite(): Partial<Record<InternalErrorSite, number>> {
    return Object.fromEntries(this.counts);
  }

  /** Counts a failure caught at `site`, and logs the first one there. */
  record(site: InternalErrorSite, err: unknown): void {
    const before = this.counts.get(site) ?? 0;
    this.counts.set(site, before + 1);
    this.count++;
    if (before > 0) return;
    try {
      this.log.warn(
        `internal error in ${site}, caught and counted in internal_errors (logged once per site): ${describe(err)}`,
      );
    } catch {
      // A logger that throws (a closed stream) must not turn a counted failure into a crash.
    }
  }

  /** Runs `fn`; on a throw, counts it and returns `fallback`. */
  run<T>(site: InternalErrorSite, fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch (err) {
      this.record(site, err);
      return fallback;
    }
  }

  /** `fn` as a callback that never throws (a timer's, a listener's): failures are counted. */
  wrap<A extends unknown[]>(
    site: InternalErrorSite,
    fn: (...args: A) => void,
  ): (...args: A) => void {
    return (...args: A): void => {
      try {
        fn(...args);
      } catch (err) {
        this.record(site, err);
      }
    };
  }

  /**
   * Runs one step of a sequence (a shutdown step) that may throw or reject;
   * resolves either way, so the steps after it still run.
   */
  async step(site: InternalErrorSite, fn: () => unknown): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.record(site, err);
    }
  }
}

/** An error's text for the log: name, code and message, cut short. */
function describe(err: unknown): string {
  let text: string;
  try {
    text =
      err instanceof Error
        ? `${err.name}${(err as NodeJS.ErrnoException).code === undefined ? '' : ` ${(err as NodeJS.ErrnoException).code}`}: ${err.message}`
        : String(err);
  } catch {
    text = 'unprintable error';
  }
  return text.length > MAX_LOGGED_MESSAGE ? `${text.slice(0, MAX_LOGGED_MESSAGE)}…` : text;
}
