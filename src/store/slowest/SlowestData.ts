/** One held request as saved: trace id, time, duration, status, method, endpoint, and the span id when known. */
export type SlowestTuple = [
  traceId: string,
  timestampMs: number,
  durationMs: number,
  statusCode: number,
  method: string,
  endpoint: string,
  spanId?: string,
];

/** One row of a {@link SlowestData}: an endpoint of a source, or (endpoint null) the whole source. */
export interface SlowestRowData {
  /** The source, by its position in the snapshot's sources. */
  readonly source: number;
  readonly endpoint: string | null;
  /** Newest time of a request the row's cap dropped; null when none. */
  readonly droppedThrough: number | null;
  /** Held requests and the current minute's, in no particular order. */
  readonly requests: readonly SlowestTuple[];
}

/** A {@link SlowestStore} as saved in a snapshot. */
export interface SlowestData {
  readonly rows: readonly SlowestRowData[];
}
