import type { EndpointKey } from '../EndpointKey.js';
import type { Candidate, Exemplar } from './Exemplar.js';
import { tupleOf } from './exemplarRows.js';
import { type NearestSearch, SKIP_ROW } from './NearestSearch.js';
import {
  readSpanId,
  readTraceId,
  SPAN_ID_BYTES,
  TRACE_ID_BYTES,
  writeSpanId,
  writeTraceId,
} from './traceBytes.js';

/** One exemplar as saved: trace id, timestamp, duration, status, method, and the span id when it has one. */
export type ExemplarTuple = [
  traceId: string,
  timestampMs: number,
  durationMs: number,
  statusCode: number,
  method: string,
  spanId?: string,
];

/** An exemplar read from a packed bucket: its trace and span ids are decoded from the bytes only when read. */
export class PackedExemplar implements Exemplar {
  constructor(
    readonly timestampMs: number,
    readonly durationMs: number,
    readonly statusCode: number,
    readonly method: string,
    private readonly key: EndpointKey,
    private readonly bytes: Uint8Array,
    private readonly offset: number,
    private readonly spanBytes: Uint8Array,
  ) {}

  get traceId(): string {
    return readTraceId(this.bytes, this.offset);
  }

  get spanId(): string {
    return readSpanId(this.spanBytes, (this.offset / TRACE_ID_BYTES) * SPAN_ID_BYTES);
  }

  get endpoint(): string {
    return this.key.endpoint;
  }

  get service(): string {
    return this.key.source.service;
  }

  get instance(): string {
    return this.key.source.instance;
  }
}

/**
 * The exemplars one bucket keeps, packed: row `r` (an endpoint of a source)
 * holds exemplars `rowStart[r]` to `rowStart[r + 1] - 1`, in priority order.
 * About 39 bytes each: the trace id as 16 bytes, the span id as 8, the time as a double, the
 * duration as a float (7 significant digits), the status, and the method as
 * an index into the store's method table.
 */
export class ExemplarBucket {
  private constructor(
    readonly start: number,
    readonly keys: readonly EndpointKey[],
    private readonly rowStart: Uint32Array,
    private readonly traceIds: Uint8Array,
    private readonly times: Float64Array,
    private readonly durations: Float32Array,
    private readonly statuses: Uint16Array,
    private readonly methods: Uint8Array,
    private readonly spanIds: Uint8Array,
  ) {}

  /** Packs rows of chosen candidates; `methodId` interns a method name. */
  static pack(
    start: number,
    rows: readonly (readonly [EndpointKey, readonly Candidate[]])[],
    methodId: (method: string) => number,
  ): ExemplarBucket {
    let n = 0;
    for (const [, list] of rows) n += list.length;
    const rowStart = new Uint32Array(rows.length + 1);
    const traceIds = new Uint8Array(n * TRACE_ID_BYTES);
    const times = new Float64Array(n);
    const durations = new Float32Array(n);
    const statuses = new Uint16Array(n);
    const methods = new Uint8Array(n);
    const spanIds = new Uint8Array(n * SPAN_ID_BYTES);
    let at = 0;
    rows.forEach(([, list], r) => {
      rowStart[r] = at;
      for (const c of list) {
        writeTraceId(c.traceId, traceIds, at * TRACE_ID_BYTES);
        writeSpanId(c.spanId ?? '', spanIds, at * SPAN_ID_BYTES);
        times[at] = c.timestampMs;
        durations[at] = c.durationMs;
        statuses[at] = c.statusCode;
        methods[at] = methodId(c.method);
        at++;
      }
    });
    rowStart[rows.length] = at;
    return new ExemplarBucket(
      start,
      rows.map(([key]) => key),
      rowStart,
      traceIds,
      times,
      durations,
      statuses,
      methods,
      spanIds,
    );
  }

  /** Exemplars held. */
  get size(): number {
    return this.times.length;
  }

  /** Bytes of the packed arrays (not counting the key references). */
  get bytes(): number {
    return (
      this.rowStart.byteLength +
      this.traceIds.byteLength +
      this.times.byteLength +
      this.durations.byteLength +
      this.statuses.byteLength +
      this.methods.byteLength +
      this.spanIds.byteLength
    );
  }

  /** The exemplars of row `row`, in priority order; `methodName` reads the method table. */
  candidates(row: number, methodName: (id: number) => string): Candidate[] {
    const out: Candidate[] = [];
    const end = this.rowStart[row + 1] ?? 0;
    for (let i = this.rowStart[row] ?? 0; i < end; i++) {
      out.push({
        timestampMs: this.times[i] as number,
        durationMs: this.durations[i] as number,
        statusCode: this.statuses[i] as number,
        method: methodName(this.methods[i] as number),
        traceId: readTraceId(this.traceIds, i * TRACE_ID_BYTES),
        spanId: readSpanId(this.spanIds, i * SPAN_ID_BYTES),
      });
    }
    return out;
  }

  /**
   * The exemplars of row `row` that finished in `[sinceMs, untilMs)`, as
   * exemplars of `key`; their trace ids are decoded only when read.
   */
  exemplars(
    row: number,
    key: EndpointKey,
    sinceMs: number,
    untilMs: number,
    methodName: (id: number) => string,
  ): PackedExemplar[] {
    const out: PackedExemplar[] = [];
    const end = this.rowStart[row + 1] ?? 0;
    for (let i = this.rowStart[row] ?? 0; i < end; i++) {
      const ts = this.times[i] as number;
      if (ts < sinceMs || ts >= untilMs) continue;
      out.push(
        new PackedExemplar(
          ts,
          this.durations[i] as number,
          this.statuses[i] as number,
          methodName(this.methods[i] as number),
          key,
          this.traceIds,
          i * TRACE_ID_BYTES,
          this.spanIds,
        ),
      );
    }
    return out;
  }

  /**
   * Row `row`'s exemplars are `from` to `to - 1` of these arrays (read
   * only): a scan reads them in place, nothing is materialized.
   */
  rowArrays(row: number): {
    from: number;
    to: number;
    times: Float64Array;
    durations: Float32Array;
  } {
    return {
      from: this.rowStart[row] ?? 0,
      to: this.rowStart[row + 1] ?? 0,
      times: this.times,
      durations: this.durations,
    };
  }

  /** Exemplar `index` (as {@link rowArrays} numbers them) as an exemplar of `key`. */
  exemplarAt(index: number, key: EndpointKey, methodName: (id: number) => string): PackedExemplar {
    return new PackedExemplar(
      this.times[index] as number,
      this.durations[index] as number,
      this.statuses[index] as number,
      methodName(this.methods[index] as number),
      key,
      this.traceIds,
      index * TRACE_ID_BYTES,
      this.spanIds,
    );
  }

  /**
   * Offers every exemplar that finished in `[sinceMs, untilMs)` to `search`,
   * row by row in order: to its row's group and to the shared group. One
   * loop over the packed arrays; nothing is built. Row `r`'s group (as
   * `search.groupOf` gives it) is `groupOfId[rowIds[r]]`: two array reads.
   */
  offerNearest(
    search: NearestSearch,
    sinceMs: number,
    untilMs: number,
    rowIds: ArrayLike<number>,
    groupOfId: ArrayLike<number>,
  ): void {
    const { times, durations, rowStart, keys } = this;
    const { targets, distances } = search;
    // The hot loop of the latency query: targets and best distances in locals, no call
    // but for a new best. A group of -1 (or none shared) has NaN targets: never nearer.
    const s0 = 2 * search.shared;
    const st0 = s0 >= 0 ? (targets[s0] as number) : Number.NaN;
    const st1 = s0 >= 0 ? (targets[s0 + 1] as number) : Number.NaN;
    let sd0 = s0 >= 0 ? (distances[s0] as number) : 0;
    let sd1 = s0 >= 0 ? (distances[s0 + 1] as number) : 0;
    for (let row = 0; row < keys.length; row++) {
      const g = groupOfId[rowIds[row] as number] as number;
      if (g === SKIP_ROW) continue;
      const key = keys[row] as EndpointKey;
      const g0 = 2 * g;
      const gt0 = g >= 0 ? (targets[g0] as number) : Number.NaN;
      const gt1 = g >= 0 ? (targets[g0 + 1] as number) : Number.NaN;
      let gd0 = g >= 0 ? (distances[g0] as number) : 0;
      let gd1 = g >= 0 ? (distances[g0 + 1] as number) : 0;
      const end = rowStart[row + 1] as number;
      for (let i = rowStart[row] as number; i < end; i++) {
        const ts = times[i] as number;
        if (ts < sinceMs || ts >= untilMs) continue;
        const d = durations[i] as number;
        // In the order a scan offers them: the row's group, then the shared one.
        let x = Math.abs(d - gt0);
        if (x < gd0) {
          gd0 = x;
          search.take(g0, x, this, i, key);
        }
        x = Math.abs(d - gt1);
        if (x < gd1) {
          gd1 = x;
          search.take(g0 + 1, x, this, i, key);
        }
        x = Math.abs(d - st0);
        if (x < sd0) {
          sd0 = x;
          search.take(s0, x, this, i, key);
        }
        x = Math.abs(d - st1);
        if (x < sd1) {
          sd1 = x;
          search.take(s0 + 1, x, this, i, key);
        }
      }
    }
  }

  /** Row `row` as saved. */
  tuples(row: number, methodName: (id: number) => string): ExemplarTuple[] {
    return this.candidates(row, methodName).map(tupleOf);
  }
}
