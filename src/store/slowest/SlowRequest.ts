import type { EndpointKey } from '../EndpointKey.js';

/**
 * One request of a slowest list as read out: its endpoint row and fields.
 * `K` is what the row names per entry: an endpoint row for requests, a call's
 * details for the slowest calls (`SlowCalls`).
 */
export interface SlowRequest<K = EndpointKey> {
  readonly key: K;
  readonly timestampMs: number;
  readonly durationMs: number;
  readonly statusCode: number;
  readonly method: string;
  /** Lower-case hex, or `''` when the span had no valid trace id. */
  readonly traceId: string;
  /** Lower-case hex of the request's server span, or `''` when none is known. */
  readonly spanId: string;
}
