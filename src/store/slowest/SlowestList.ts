import type { EndpointKey } from '../EndpointKey.js';
import type { SlowRequest } from './SlowRequest.js';

/**
 * The `k` slowest requests of one row in the current minute, in columns of
 * `k` slots, unordered, reused minute after minute. The hot path: a request
 * no slower than the fastest of a full list costs one comparison; one that
 * enters takes a free slot, or the fastest one's slot and then a scan of
 * the `k` durations for the new fastest (cheaper than keeping six columns
 * sorted, as about half of a busy endpoint's requests enter early in a
 * minute). It keeps references: its ids are packed only when the minute is
 * folded. Of equal durations the newest stays, as the answer ranks them.
 */
export class SlowestList<K = EndpointKey> {
  /** Rows in use. */
  size = 0;
  /** Duration a request must reach to enter: the last-ranked held once the list is full. */
  floor = Number.NEGATIVE_INFINITY;
  /** Time of the last-ranked held: a request as slow as it enters only when newer. */
  private floorTime = Number.NEGATIVE_INFINITY;
  /** The list of the whole source in the same minute, which every request of this one is offered to too. */
  source: SlowestList<K> | undefined;
  /** The endpoint row of each slot; undefined in a list of one endpoint, whose key is {@link key}. */
  private readonly keys: K[] | undefined;
  /** Time, duration and status of each slot, `[t0, d0, s0, t1, …]`: one array, not three, 500 lists at 500 routes. */
  private readonly nums: Float64Array;
  /** Method, trace id and span id of each slot, `[m0, t0, s0, m1, …]`: one array, not three. */
  private readonly refs: string[];
  /** Slot of the last-ranked held (the fastest, of those the oldest), replaced by the next to enter once full. */
  private fastest = 0;

  constructor(
    readonly k: number,
    /** The list's endpoint; undefined for a source's list, whose requests name theirs. */
    private readonly key?: K,
  ) {
    this.keys = key === undefined ? new Array<K>(k) : undefined;
    this.nums = new Float64Array(3 * k);
    this.refs = new Array<string>(3 * k).fill('');
  }

  /** Offers one request; true when it entered. */
  offer(
    key: K,
    ts: number,
    d: number,
    status: number,
    method: string,
    traceId: string,
    spanId: string,
  ): boolean {
    if (d < this.floor || (d === this.floor && ts <= this.floorTime)) return false;
    const full = this.size === this.k;
    const at = full ? this.fastest : this.size++;
    if (this.keys !== undefined) this.keys[at] = key;
    this.nums[3 * at] = ts;
    this.nums[3 * at + 1] = d;
    this.nums[3 * at + 2] = status;
    this.refs[3 * at] = method;
    this.refs[3 * at + 1] = traceId;
    this.refs[3 * at + 2] = spanId;
    if (full || this.size === this.k) this.findFastest();
    return true;
  }

  /** Row `i` (in slot order). */
  request(i: number): SlowRequest<K> {
    return {
      key: (this.key ?? this.keys?.[i]) as K,
      timestampMs: this.nums[3 * i] as number,
      durationMs: this.nums[3 * i + 1] as number,
      statusCode: this.nums[3 * i + 2] as number,
      method: this.refs[3 * i] as string,
      traceId: this.refs[3 * i + 1] as string,
      spanId: this.refs[3 * i + 2] as string,
    };
  }

  /** Every row, slowest first; of equal durations, the newest first. */
  requests(): SlowRequest<K>[] {
    return Array.from({ length: this.size }, (_, i) => this.request(i)).sort(
      (a, b) => b.durationMs - a.durationMs || b.timestampMs - a.timestampMs,
    );
  }

  /** Empties the list for the next minute, keeping its slots. */
  reset(): void {
    this.size = 0;
    this.floor = Number.NEGATIVE_INFINITY;
    this.floorTime = Number.NEGATIVE_INFINITY;
    this.fastest = 0;
    this.source = undefined;
    // Let the minute's strings and keys go.
    this.refs.fill('');
  }

  /** The full list's last-ranked slot, and the floor it sets. */
  private findFastest(): void {
    const nums = this.nums;
    let at = 0;
    let min = nums[1] as number;
    for (let i = 1; i < this.k; i++) {
      const d = nums[3 * i + 1] as number;
      if (d < min || (d === min && (nums[3 * i] as number) < (nums[3 * at] as number))) {
        min = d;
        at = i;
      }
    }
    this.fastest = at;
    this.floor = min;
    this.floorTime = nums[3 * at] as number;
  }
}
