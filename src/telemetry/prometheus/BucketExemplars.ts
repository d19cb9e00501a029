/** One exemplar: a request's trace id, its duration and when it finished. */
export interface BucketExemplar {
  readonly traceId: string;
  readonly value: number;
  /** Epoch milliseconds. */
  readonly timeMs: number;
}

/**
 * The latest request of each classic bucket of one series, with its trace
 * id: what the protobuf exposition puts on each bucket as its exemplar (the
 * text format the exporter writes has none). Parallel arrays, so a record
 * writes three slots and allocates nothing.
 */
export class BucketExemplars {
  private readonly traceIds: (string | undefined)[];
  private readonly values: Float64Array;
  private readonly times: Float64Array;

  /** `buckets`: the classic bucket count, +Inf included. */
  constructor(buckets: number) {
    this.traceIds = new Array<string | undefined>(buckets).fill(undefined);
    this.values = new Float64Array(buckets);
    this.times = new Float64Array(buckets);
  }

  /** Keeps this request as bucket `bucket`'s exemplar. */
  record(bucket: number, value: number, traceId: string, timeMs: number): void {
    this.traceIds[bucket] = traceId;
    this.values[bucket] = value;
    this.times[bucket] = timeMs;
  }

  /** Bucket `bucket`'s exemplar, if a traced request fell in it. */
  at(bucket: number): BucketExemplar | undefined {
    const traceId = this.traceIds[bucket];
    if (traceId === undefined) return undefined;
    return { traceId, value: this.values[bucket] as number, timeMs: this.times[bucket] as number };
  }
}
