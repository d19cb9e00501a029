/** One held request: a real request the store kept as an exemplar of its endpoint and minute. */
export interface Exemplar {
  /** When it finished, epoch milliseconds. */
  readonly timestampMs: number;
  readonly durationMs: number;
  readonly statusCode: number;
  readonly method: string;
  /** Lower-case hex, or `''` when the span had no valid trace id. */
  readonly traceId: string;
  /** Lower-case hex of the request's server span; `''` or absent when it had none. */
  readonly spanId?: string | undefined;
  readonly endpoint: string;
  readonly service: string;
  readonly instance: string;
}

/** A candidate while exemplars are chosen: an exemplar without its endpoint and source. */
export interface Candidate {
  readonly timestampMs: number;
  readonly durationMs: number;
  readonly statusCode: number;
  readonly method: string;
  readonly traceId: string;
  /** The server span's id; `''` or absent when it had none. */
  readonly spanId?: string | undefined;
}
