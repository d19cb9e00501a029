import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';

/** What one POST came to: a status, or the reason there was none. */
export interface PostOutcome {
  /** 2xx. */
  readonly ok: boolean;
  /** The HTTP status; undefined when no answer came (refused, timed out). */
  readonly status?: number | undefined;
  /** Why it failed without a status, short. */
  readonly error?: string | undefined;
}

/** Sends one JSON body; resolves, never rejects. */
export type PostJson = (url: string, body: unknown, timeoutMs: number) => Promise<PostOutcome>;

/**
 * POSTs `body` as JSON with Node's global fetch, bounded by `timeoutMs`
 * (headers and body together), and reads the answer away. Never rejects:
 * a refused connection or a timeout is an outcome, as a 5xx is. Tracing is
 * suppressed: our own sends are not the app's dependencies.
 */
export const postJson: PostJson = async (url, body, timeoutMs) => {
  try {
    const res = await context.with(suppressTracing(context.active()), () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      }),
    );
    // Drained so the connection can be reused; its text is not needed.
    await res.arrayBuffer();
    return { ok: res.ok, status: res.status };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    const name = err instanceof Error ? err.name : 'Error';
    return { ok: false, error: (cause ?? name).slice(0, 80) };
  }
};
