import type { EndpointKey } from '../EndpointKey.js';
import type { SlowRequest } from './SlowRequest.js';

/**
 * The `k` slowest requests of one row in the current minute, slowest first,
 * in columns of `k` slots, reused minute after minute. The hot path: a
 * request no slower than the last of a full list costs one comparison; one
 * that enters shifts the faster tail of a tiny sorted array, and keeps
 * references (its trace and span ids are packed only when the minute is folded). Of
 * equal durations the first recorded stays.
 */
export class SlowestList {
  /** Rows in use. */
  size = 0;
  private readonly keys: EndpointKey[];
  private readonly times: Float64Array;
  private readonly durations: Float64Array;
  private readonly statuses: Uint16Array;
  private readonly methods: string[];
  private readonly traceIds: string[];
  private readonly spanIds: string[];
  /** Duration a request must exceed to enter once the list is full. */
  private floor = Number.NEGATIVE_INFINITY;

  constructor(readonly k: number) {
    this.keys = new Array<EndpointKey>(k);
    this.times = new Float64Array(k);
    this.durations = new Float64Array(k);
    this.statuses = new Uint16Array(k);
    this.methods = new Array<string>(k);
    this.traceIds = new Array<string>(k);
    this.spanIds = new Array<string>(k);
  }

  /** Offers one request; true when it entered. */
  offer(
    key: EndpointKey,
    ts: number,
    d: number,
    status: number,
    method: string,
    traceId: string,
    spanId: string,
  ): boolean {
    if (d <= this.floor) return false;
    let at = this.size < this.k ? this.size : this.k - 1;
    while (at > 0 && (this.durations[at - 1] as number) < d) {
      this.move(at - 1, at);
      at--;
    }
    this.keys[at] = key;
    this.times[at] = ts;
    this.durations[at] = d;
    this.statuses[at] = status;
    this.methods[at] = method;
    this.traceIds[at] = traceId;
    this.spanIds[at] = spanId;
    if (this.size < this.k) this.size++;
    if (this.size === this.k) this.floor = this.durations[this.k - 1] as number;
    return true;
  }

  /** Row `i` (slowest first). */
  request(i: number): SlowRequest {
    return {
      key: this.keys[i] as EndpointKey,
      timestampMs: this.times[i] as number,
      durationMs: this.durations[i] as number,
      statusCode: this.statuses[i] as number,
      method: this.methods[i] as string,
      traceId: this.traceIds[i] as string,
      spanId: this.spanIds[i] as string,
    };
  }

  /** Every row, slowest first. */
  requests(): SlowRequest[] {
    return Array.from({ length: this.size }, (_, i) => this.request(i));
  }

  /** Empties the list for the next minute, keeping its slots. */
  reset(): void {
    this.size = 0;
    this.floor = Number.NEGATIVE_INFINITY;
    // Let the minute's strings and keys go.
    this.methods.fill('');
    this.traceIds.fill('');
    this.spanIds.fill('');
  }

  private move(from: number, to: number): void {
    this.keys[to] = this.keys[from] as EndpointKey;
    this.times[to] = this.times[from] as number;
    this.durations[to] = this.durations[from] as number;
    this.statuses[to] = this.statuses[from] as number;
    this.methods[to] = this.methods[from] as string;
    this.traceIds[to] = this.traceIds[from] as string;
    this.spanIds[to] = this.spanIds[from] as string;
  }
}
