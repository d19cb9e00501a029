/** What the receiver accepts; every limit is named, and what it drops is counted. */
export interface ReceiverLimits {
  /** Largest body, in bytes, both as sent and after gunzip (`GOLDEN_SIGNALS_RECEIVER_MAX_BYTES`). */
  readonly maxBodyBytes: number;
  /** Longest time to receive a whole body; a slower one gets 408. */
  readonly bodyTimeoutMs: number;
  /** Requests read or decoded at once; more get 503 with `Retry-After`. */
  readonly maxConcurrentRequests: number;
  /** Spans in one request (any kind); more get 413. */
  readonly maxSpansPerRequest: number;
  /** Attributes on one span or resource; more reject the span. */
  readonly maxAttributes: number;
  /** Characters of a string value, or elements and characters of an array value; more reject the span. */
  readonly maxAttributeValueLength: number;
  /** Nesting of array and key-value-list values; deeper rejects the span. */
  readonly maxValueDepth: number;
  /** How far past the receiver's clock a span may end (clock skew); later rejects the span. */
  readonly maxFutureMs: number;
  /** Longest span; longer rejects it (no HTTP request lasts a day). */
  readonly maxDurationMs: number;
}

/** 4 MiB: a batch of 512 stock HTTP server spans is about 0.2–0.5 MB. */
export const DEFAULT_RECEIVER_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The defaults; generous for any real exporter, small enough to bound memory and time. */
export const DEFAULT_RECEIVER_LIMITS: ReceiverLimits = Object.freeze({
  maxBodyBytes: DEFAULT_RECEIVER_MAX_BODY_BYTES,
  bodyTimeoutMs: 10_000,
  maxConcurrentRequests: 8,
  maxSpansPerRequest: 10_000,
  maxAttributes: 1_024,
  maxAttributeValueLength: 65_536,
  maxValueDepth: 8,
  maxFutureMs: 3_600_000,
  maxDurationMs: 86_400_000,
});
