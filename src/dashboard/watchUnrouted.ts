import type { InternalErrors } from '../guard/InternalErrors.js';
import type { RequestStore } from '../store/RequestStore.js';
import { unroutedCounts, unroutedNotice } from './queries/unroutedNotice.js';

const HOUR_MS = 3_600_000;
/** How often the watch looks at the last hour, until it has spoken or seen a template. */
export const UNROUTED_CHECK_MS = 5_000;

/** A running watch: `check` looks now; `stop` clears the timer. */
export interface UnroutedNoticeWatch {
  /** Looks at the last hour now; true while the watch goes on. */
  check(): boolean;
  /** Stops the timer; later checks do nothing. */
  stop(): void;
}

/**
 * Says once, on `warn` (the handle's logger: stderr by default), what the overview's
 * `route_notice` says: requests keep landing in `unmatched`, from a
 * framework golden-signals does not recognise. It looks every
 * {@link UNROUTED_CHECK_MS} (an unref'd timer) and stops for good once it has
 * spoken or once any request has a template, so a recognised app pays
 * nothing after its first routed request.
 */
export function watchUnrouted(
  store: RequestStore,
  warn: (message: string) => void,
  guard: Pick<InternalErrors, 'record'>,
  everyMs = UNROUTED_CHECK_MS,
): UnroutedNoticeWatch {
  let done = false;
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    done = true;
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  const check = (): boolean => {
    if (done) return false;
    try {
      const counts = unroutedCounts(store.window(HOUR_MS));
      const notice = unroutedNotice(counts);
      if (notice !== null) warn(notice);
      if (notice !== null || counts.routed > 0) stop();
    } catch (err) {
      guard.record('unrouted.check', err);
      stop();
    }
    return !done;
  };
  timer = setInterval(check, everyMs);
  timer.unref();
  return { check, stop };
}
