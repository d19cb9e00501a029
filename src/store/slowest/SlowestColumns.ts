import type { EndpointKey } from '../EndpointKey.js';
import { readTraceId, TRACE_ID_BYTES, writeTraceId } from '../exemplars/traceBytes.js';

/** One request of a slowest list as read out: its endpoint row and fields. */
export interface SlowRequest {
  readonly key: EndpointKey;
  readonly timestampMs: number;
  readonly durationMs: number;
  readonly statusCode: number;
  readonly method: string;
  /** Lower-case hex, or `''` when the span had no valid trace id. */
  readonly traceId: string;
}

/**
 * Requests in columns (`size` rows): the endpoint row, time, duration (a
 * double, so ranks are exact), status, method and the trace id as 16 bytes.
 * About 44 bytes a row; rows are copied, never built as objects.
 */
export class SlowestColumns {
  /** Rows in use. */
  size = 0;
  keys: EndpointKey[];
  times: Float64Array;
  durations: Float64Array;
  statuses: Uint16Array;
  methods: string[];
  traceIds: Uint8Array;

  constructor(capacity: number) {
    this.keys = new Array<EndpointKey>(capacity);
    this.times = new Float64Array(capacity);
    this.durations = new Float64Array(capacity);
    this.statuses = new Uint16Array(capacity);
    this.methods = new Array<string>(capacity);
    this.traceIds = new Uint8Array(capacity * TRACE_ID_BYTES);
  }

  /** Rows this can hold. */
  get capacity(): number {
    return this.times.length;
  }

  /** Writes row `at` from fields. */
  set(
    at: number,
    key: EndpointKey,
    ts: number,
    d: number,
    status: number,
    method: string,
    traceId: string,
  ): void {
    this.keys[at] = key;
    this.times[at] = ts;
    this.durations[at] = d;
    this.statuses[at] = status;
    this.methods[at] = method;
    writeTraceId(traceId, this.traceIds, at * TRACE_ID_BYTES);
  }

  /** Copies row `from` of `src` into row `at`. */
  copy(src: SlowestColumns, from: number, at: number): void {
    this.keys[at] = src.keys[from] as EndpointKey;
    this.times[at] = src.times[from] as number;
    this.durations[at] = src.durations[from] as number;
    this.statuses[at] = src.statuses[from] as number;
    this.methods[at] = src.methods[from] as string;
    this.traceIds.set(
      src.traceIds.subarray(from * TRACE_ID_BYTES, (from + 1) * TRACE_ID_BYTES),
      at * TRACE_ID_BYTES,
    );
  }

  /** Row `i` as a request. */
  request(i: number): SlowRequest {
    return {
      key: this.keys[i] as EndpointKey,
      timestampMs: this.times[i] as number,
      durationMs: this.durations[i] as number,
      statusCode: this.statuses[i] as number,
      method: this.methods[i] as string,
      traceId: readTraceId(this.traceIds, i * TRACE_ID_BYTES),
    };
  }
}
