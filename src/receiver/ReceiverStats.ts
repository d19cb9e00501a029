/** Why a whole request was refused; each has its own status code. */
export const REQUEST_REJECTIONS = [
  'malformed',
  'too_large',
  'unsupported_type',
  'overloaded',
  'unauthorized',
  'timeout',
  'method_not_allowed',
  // A bug of ours, never bad input: answered 500 so that it is seen, and counted.
  'internal',
] as const;
export type RequestRejection = (typeof REQUEST_REJECTIONS)[number];

/** Why one span of an accepted request was not recorded (counted in `partial_success`). */
export const SPAN_REJECTIONS = ['invalid_span', 'too_old'] as const;
export type SpanRejection = (typeof SPAN_REJECTIONS)[number];

/** The receiver's counts, as `/dashboard/overview` shows them under `telemetry.receiver`. */
export interface ReceiverReport {
  /** Requests answered 200 (with or without partial success). */
  requests_accepted: number;
  /** Requests refused whole, by reason. */
  requests_rejected: Record<RequestRejection, number>;
  /** SERVER spans recorded in the store. */
  spans_accepted: number;
  /** Spans of other kinds (client, internal…): accepted, not recorded. */
  spans_ignored: number;
  /** Spans of accepted requests that were not recorded, by reason. */
  spans_rejected: Record<SpanRejection, number>;
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** Counters of one receiver; nothing it drops goes uncounted. */
export class ReceiverStats {
  private requestsAccepted = 0;
  private spansAccepted = 0;
  private spansIgnored = 0;
  private readonly requestsRejected = zeros(REQUEST_REJECTIONS);
  private readonly spansRejected = zeros(SPAN_REJECTIONS);

  /** Counts a request answered 200, and its spans by fate. */
  accepted(recorded: number, ignored: number): void {
    this.requestsAccepted++;
    this.spansAccepted += recorded;
    this.spansIgnored += ignored;
  }

  /** Counts a request refused whole. */
  rejectedRequest(reason: RequestRejection): void {
    this.requestsRejected[reason]++;
  }

  /** Counts spans of an accepted request that were not recorded. */
  rejectedSpans(reason: SpanRejection, count: number): void {
    this.spansRejected[reason] += count;
  }

  /** A copy of the counts. */
  report(): ReceiverReport {
    return {
      requests_accepted: this.requestsAccepted,
      requests_rejected: { ...this.requestsRejected },
      spans_accepted: this.spansAccepted,
      spans_ignored: this.spansIgnored,
      spans_rejected: { ...this.spansRejected },
    };
  }
}
