/**
 * Fixed-count load for the multi-process rows: exactly `amount` requests
 * over `connections` keep-alive connections on 127.0.0.1, bounded in time,
 * and the check that a dashboard counted every one of them.
 */
import autocannon from 'autocannon';

/** What one counted load run did. */
export interface CountedRun {
  /** Requests autocannon completed (always `amount`: anything else throws). */
  readonly requests: number;
  /** From the call to the last response, in seconds. */
  readonly seconds: number;
  readonly rps: number;
}

/**
 * Sends `amount` requests to `url`. Throws on any error, non-2xx or timeout,
 * and if they are not all answered within `maxSeconds` (the run is stopped
 * then). The elapsed time ends at the last response, not at autocannon's
 * next one-second sample.
 */
export async function countedLoad(
  url: string,
  amount: number,
  connections: number,
  maxSeconds: number,
): Promise<CountedRun> {
  const started = performance.now();
  let answered = 0;
  let lastAt = Number.NaN;
  let timer: NodeJS.Timeout | undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, amount }, (err, r: autocannon.Result) =>
      err ? reject(err) : resolve(r),
    );
    instance.on('response', () => {
      if (++answered === amount) lastAt = performance.now();
    });
    timer = setTimeout(() => instance.stop(), maxSeconds * 1000);
  });
  clearTimeout(timer);
  const completed = result.requests.total;
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0 || completed !== amount) {
    throw new Error(
      `${url}: ${completed} of ${amount} requests completed within ${maxSeconds} s; ` +
        `${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`,
    );
  }
  const seconds = (lastAt - started) / 1000;
  return { requests: completed, seconds, rps: completed / seconds };
}

/**
 * Waits `settleMs` (the forward delay and a margin), then polls `total`
 * every 100 ms until it equals `expected`, for at most `timeoutMs`. Throws
 * if it goes past `expected` or never gets there (returns it otherwise): a golden-signals row whose
 * dashboard lost or invented a request must fail, not print a figure.
 */
export async function expectTotal(
  what: string,
  total: () => Promise<number>,
  expected: number,
  settleMs: number,
  timeoutMs: number,
): Promise<number> {
  await sleep(settleMs);
  const deadline = performance.now() + timeoutMs;
  let seen = await total();
  while (seen < expected && performance.now() < deadline) {
    await sleep(100);
    seen = await total();
  }
  if (seen !== expected) {
    throw new Error(
      `${what}: the dashboard counts ${seen} requests, the client completed ${expected} ` +
        `(${seen - expected > 0 ? '+' : ''}${seen - expected}), ${settleMs + timeoutMs} ms after the load`,
    );
  }
  return seen;
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
