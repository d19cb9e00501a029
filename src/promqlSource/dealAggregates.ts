import type { AggregateRecord } from '../store/AggregateStore.js';
import { chunkOf } from './aggregatesOf.js';
import { LowestFirst } from './LowestFirst.js';

/** The process an aggregate belongs to: the source the store files it under. */
export function processKeyOf(agg: Pick<AggregateRecord, 'service' | 'instance'>): string {
  return `${agg.service ?? ''}\u0000${agg.instance ?? ''}`;
}

/** A series' identity, without its time. */
function seriesKeyOf(agg: AggregateRecord): string {
  return [agg.endpoint, agg.method, agg.statusCode, agg.errorType ?? ''].join('\u0000');
}

/** A record's requests as counts alone: every one at 0 ms (what a count-only deal moves). */
export function countsOnly(agg: AggregateRecord): AggregateRecord {
  return { ...agg, sumMs: 0, valuesMs: [0], weights: [agg.count] };
}

/** The aggregates of one process in one stretch. */
interface Group {
  readonly rows: AggregateRecord[];
  readonly cols: AggregateRecord[];
}

/**
 * Per-series aggregates per chunk, from two reads the engine answers
 * cheaply: `rows`, each series' requests per stretch between consecutive
 * `edges` (values read at the edges alone), and `cols`, each process's
 * requests per chunk (one sum per process, read at every chunk boundary).
 * Within a process and a stretch, both hold the same requests; each
 * duration value's requests are dealt out series by series and chunk by
 * chunk, first to first (the north-west corner rule), so that every series
 * keeps its exact requests per stretch (and so per window, since windows sum
 * whole stretches) and every chunk holds exactly the process's requests
 * there (so a chart of the process, or of a sum of processes, is exact at
 * every step). Which series a chunk's requests are dealt to is not known, so
 * this is for answers that chart no single series. Requests a row holds
 * beyond the chunks' (a scrape that landed between the two reads) go to the
 * stretch's last chunk; chunks' requests beyond the rows' are left out: the
 * series are the truth a window's totals come from.
 */
export function dealAggregates(
  rows: readonly AggregateRecord[],
  cols: readonly AggregateRecord[],
  edges: readonly number[],
): AggregateRecord[] {
  const stretchOf = (t: number) => Math.max(0, chunkOf(edges, t));
  const groups = new Map<string, Group>();
  const groupOf = (agg: AggregateRecord): Group => {
    const key = `${processKeyOf(agg)}\u0000${stretchOf(agg.timestampMs)}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { rows: [], cols: [] };
      groups.set(key, g);
    }
    return g;
  };
  for (const r of rows) groupOf(r).rows.push(r);
  for (const c of cols) groupOf(c).cols.push(c);
  const out: AggregateRecord[] = [];
  for (const g of groups.values()) {
    if (g.rows.length === 0) continue;
    g.rows.sort((a, b) => (seriesKeyOf(a) < seriesKeyOf(b) ? -1 : 1));
    g.cols.sort((a, b) => a.timestampMs - b.timestampMs);
    dealGroup(g, out);
  }
  return out;
}

/** Deals one process's stretch (see {@link dealAggregates}). */
function dealGroup(g: Group, out: AggregateRecord[]): void {
  const { rows, cols } = g;
  // Where a chunk's requests go: its start; without chunks, the stretch's own start.
  const chunkStarts =
    cols.length > 0 ? cols.map((c) => c.timestampMs) : [rows[0]?.timestampMs ?? 0];
  // Per row, per chunk index, weight per value: sparse, as a deal fills at most rows + chunks cells a value.
  const cells = rows.map(() => new Map<number, Map<number, number>>());
  const values = new Set<number>();
  for (const r of rows) for (const v of r.valuesMs) values.add(v);
  const weightAt = (agg: AggregateRecord, v: number): number => {
    let w = 0;
    for (let i = 0; i < agg.valuesMs.length; i++)
      if (agg.valuesMs[i] === v) w += agg.weights[i] ?? 0;
    return w;
  };
  const last = chunkStarts.length - 1;
  for (const v of values) {
    const colLeft = cols.map((c) => weightAt(c, v));
    let j = 0;
    for (let i = 0; i < rows.length; i++) {
      let left = weightAt(rows[i] as AggregateRecord, v);
      const row = cells[i] as Map<number, Map<number, number>>;
      while (left > 0) {
        while (j < colLeft.length && (colLeft[j] as number) <= 0) j++;
        // The chunks are spent: the rest stays in the stretch's last chunk.
        const k = j < colLeft.length ? j : last;
        const take = j < colLeft.length ? Math.min(left, colLeft[j] as number) : left;
        let cell = row.get(k);
        if (cell === undefined) {
          cell = new Map();
          row.set(k, cell);
        }
        cell.set(v, (cell.get(v) ?? 0) + take);
        left -= take;
        if (j < colLeft.length) colLeft[j] = (colLeft[j] as number) - take;
      }
    }
  }
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as AggregateRecord;
    const byChunk = [...(cells[i] as Map<number, Map<number, number>>)].sort((a, b) => a[0] - b[0]);
    for (const [k, weights] of byChunk) {
      const valuesMs: number[] = [];
      const ws: number[] = [];
      let count = 0;
      for (const [v, w] of [...weights].sort((a, b) => a[0] - b[0])) {
        valuesMs.push(v);
        ws.push(w);
        count += w;
      }
      out.push({
        ...row,
        timestampMs: chunkStarts[k] as number,
        count,
        sumMs: row.count > 0 ? (row.sumMs * count) / row.count : 0,
        valuesMs,
        weights: ws,
      });
    }
  }
}

/**
 * Each series' durations per stretch, from its requests there (`rows`,
 * counts) and its process's durations there (`whole`, one record per
 * process and stretch): the series take the process's requests in turn,
 * lowest values first, as many as each served. Every process's durations
 * per stretch stay exact, so the whole's latency is; which series a
 * duration belongs to is not known, so this is for answers that show no
 * series' latency. Requests the durations fall short of take their mean.
 */
export function shareDurations(
  rows: readonly AggregateRecord[],
  whole: readonly AggregateRecord[],
  edges: readonly number[],
): AggregateRecord[] {
  const stretchOf = (t: number) => Math.max(0, chunkOf(edges, t));
  const keyOf = (a: AggregateRecord) => `${processKeyOf(a)}\u0000${stretchOf(a.timestampMs)}`;
  const wholeOf = new Map<string, AggregateRecord[]>();
  for (const w of whole) {
    const list = wholeOf.get(keyOf(w)) ?? [];
    list.push(w);
    wholeOf.set(keyOf(w), list);
  }
  const rowsOf = new Map<string, AggregateRecord[]>();
  for (const r of rows) {
    const list = rowsOf.get(keyOf(r)) ?? [];
    list.push(r);
    rowsOf.set(keyOf(r), list);
  }
  const out: AggregateRecord[] = [];
  for (const [key, group] of rowsOf) {
    const parts = wholeOf.get(key) ?? [];
    const weights = new Map<number, number>();
    let sumMs = 0;
    let count = 0;
    for (const p of parts) {
      sumMs += p.sumMs;
      count += p.count;
      p.valuesMs.forEach((v, i) => {
        weights.set(v, (weights.get(v) ?? 0) + (p.weights[i] ?? 0));
      });
    }
    const values = [...weights].sort((a, b) => a[0] - b[0]);
    const meanMs = count > 0 ? sumMs / count : 0;
    const cursor = new LowestFirst(values, meanMs);
    group.sort((a, b) => (seriesKeyOf(a) < seriesKeyOf(b) ? -1 : 1));
    for (const row of group) {
      const { valuesMs, weights: ws } = cursor.take(row.count);
      const share = count > 0 ? row.count / count : 0;
      out.push({ ...row, sumMs: sumMs * share, valuesMs, weights: ws });
    }
  }
  return out;
}
