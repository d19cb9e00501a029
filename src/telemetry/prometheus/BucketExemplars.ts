/** One exemplar: a request's trace id, its duration and when it finished. */
export interface BucketExemplar {
  readonly traceId: string;
  readonly value: number;
  /** Epoch milliseconds. */
  readonly timeMs: number;
}

/**
 * A recent traced request of each classic bucket of one series: what the
 * protobuf exposition puts on each bucket as its exemplar (the text format
 * the exporter writes has none). A bucket takes the first request after each
 * scrape (its `generation`) and keeps it until then, so the clock is read
 * once a bucket a scrape, not once a request (a clock read costs more than
 * the rest of a record). Parallel arrays: nothing is allocated per request.
 */
export class BucketExemplars {
  private readonly traceIds: (string | undefined)[];
  private readonly values: Float64Array;
  private readonly times: Float64Array;
  private readonly generations: Float64Array;

  /** `buckets`: the classic bucket count, +Inf included. */
  constructor(buckets: number) {
    this.traceIds = new Array<string | undefined>(buckets).fill(undefined);
    this.values = new Float64Array(buckets);
    this.times = new Float64Array(buckets);
    this.generations = new Float64Array(buckets);
  }

  /** Whether bucket `bucket` takes a new exemplar: it has none, or none since scrape `generation` began. */
  wants(bucket: number, generation: number): boolean {
    return this.traceIds[bucket] === undefined || this.generations[bucket] !== generation;
  }

  /** Keeps this request as bucket `bucket`'s exemplar, for scrape `generation`. */
  record(bucket: number, value: number, traceId: string, timeMs: number, generation: number): void {
    this.traceIds[bucket] = traceId;
    this.values[bucket] = value;
    this.times[bucket] = timeMs;
    this.generations[bucket] = generation;
  }

  /** Bucket `bucket`'s exemplar, if a traced request fell in it. */
  at(bucket: number): BucketExemplar | undefined {
    const traceId = this.traceIds[bucket];
    if (traceId === undefined) return undefined;
    return { traceId, value: this.values[bucket] as number, timeMs: this.times[bucket] as number };
  }
}
