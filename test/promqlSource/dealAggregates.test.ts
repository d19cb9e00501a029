import { expect } from 'chai';
import fc from 'fast-check';
import { countsOnly, dealAggregates } from '../../src/promqlSource/dealAggregates.js';
import type { AggregateRecord } from '../../src/store/AggregateStore.js';
import { MINUTE, T0 } from '../support/fakeClock.js';

const VALUES = [5, 50, 500];

/** A record of `endpoint` on `instance` at `t`: `weights` requests at 5, 50 and 500 ms. */
function record(
  endpoint: string,
  instance: string,
  t: number,
  weights: readonly number[],
): AggregateRecord {
  const count = weights.reduce((n, w) => n + w, 0);
  return {
    timestampMs: t,
    endpoint,
    method: 'GET',
    statusCode: 200,
    service: 'shop',
    instance,
    count,
    sumMs: weights.reduce((n, w, i) => n + w * (VALUES[i] as number), 0),
    valuesMs: VALUES.filter((_, i) => (weights[i] as number) > 0),
    weights: weights.filter((w) => w > 0),
  };
}

/** Total requests per key, at each value. */
function tally(records: readonly AggregateRecord[], keyOf: (r: AggregateRecord) => string) {
  const out = new Map<string, number>();
  for (const r of records) {
    r.valuesMs.forEach((v, i) => {
      const k = `${keyOf(r)}@${v}`;
      out.set(k, (out.get(k) ?? 0) + (r.weights[i] as number));
    });
  }
  return out;
}

const EDGES = [T0, T0 + 10 * MINUTE];
const CHUNKS = [0, 1, 2, 3, 4].map((k) => T0 + 2 * k * MINUTE);

describe('dealAggregates', () => {
  it('keeps every series’ requests per stretch and every process’s per chunk, at each value', () => {
    // Per instance: 1–4 endpoints' rows; the chunks' requests are a random split of the same total at each value.
    const instance = fc.record({
      rows: fc.array(fc.array(fc.nat(40), { minLength: 3, maxLength: 3 }), {
        minLength: 1,
        maxLength: 4,
      }),
      cuts: fc.array(fc.array(fc.nat(1000), { minLength: 4, maxLength: 4 }), {
        minLength: 3,
        maxLength: 3,
      }),
    });
    fc.assert(
      fc.property(fc.array(instance, { minLength: 1, maxLength: 3 }), (instances) => {
        const rows: AggregateRecord[] = [];
        const cols: AggregateRecord[] = [];
        instances.forEach((inst, n) => {
          const name = `h:${n}`;
          inst.rows.forEach((w, e) => {
            rows.push(record(`/e${e}`, name, T0, w));
          });
          // Each value's total split across the five chunks at the cut points.
          const perChunk = CHUNKS.map(() => [0, 0, 0]);
          VALUES.forEach((_, v) => {
            const total = inst.rows.reduce((sum, w) => sum + (w[v] as number), 0);
            const cuts = (inst.cuts[v] as number[]).map((c) => Math.floor((c / 1000) * total));
            const points = [0, ...cuts.sort((a, b) => a - b), total];
            for (let k = 0; k < CHUNKS.length; k++) {
              (perChunk[k] as number[])[v] = (points[k + 1] as number) - (points[k] as number);
            }
          });
          CHUNKS.forEach((t, k) => {
            cols.push(record('unmatched', name, t, perChunk[k] as number[]));
          });
        });
        const dealt = dealAggregates(rows, cols, EDGES);
        const bySeries = (r: AggregateRecord) => `${r.instance}${r.endpoint}`;
        const byChunk = (r: AggregateRecord) => `${r.instance}${r.timestampMs}`;
        expect(tally(dealt, bySeries)).to.deep.equal(tally(rows, bySeries));
        expect(tally(dealt, byChunk)).to.deep.equal(tally(cols, byChunk));
        for (const d of dealt) expect(d.count).to.equal(d.weights.reduce((n, w) => n + w, 0));
      }),
    );
  });

  it('puts a series’ requests beyond the chunks’ in the stretch’s last chunk, and leaves the chunks’ surplus out', () => {
    const rows = [record('/a', 'h:1', T0, [10, 0, 0])];
    const cols = [
      record('unmatched', 'h:1', CHUNKS[0] as number, [4, 0, 0]),
      record('unmatched', 'h:1', CHUNKS[1] as number, [3, 0, 0]),
    ];
    const dealt = dealAggregates(rows, cols, EDGES);
    expect(dealt.map((d) => [d.timestampMs, d.count])).to.deep.equal([
      [CHUNKS[0], 4],
      [CHUNKS[1], 6],
    ]);
    const fewer = dealAggregates([record('/a', 'h:1', T0, [2, 0, 0])], cols, EDGES);
    expect(fewer.map((d) => [d.timestampMs, d.count])).to.deep.equal([[CHUNKS[0], 2]]);
  });

  it('deals counts alone when both sides are counts only, and shares a series’ sum by its requests', () => {
    const rows = [record('/a', 'h:1', T0, [0, 4, 0])];
    const cols = [
      record('unmatched', 'h:1', CHUNKS[0] as number, [1, 0, 0]),
      record('unmatched', 'h:1', CHUNKS[2] as number, [3, 0, 0]),
    ];
    const dealt = dealAggregates(rows.map(countsOnly), cols.map(countsOnly), EDGES);
    expect(dealt.map((d) => [d.timestampMs, d.count])).to.deep.equal([
      [CHUNKS[0], 1],
      [CHUNKS[2], 3],
    ]);
    const timed = dealAggregates(rows, [record('unmatched', 'h:1', T0, [0, 4, 0])], EDGES);
    expect(timed[0]?.sumMs).to.equal(200);
  });

  it('keeps the processes apart: one’s chunks never take another’s requests', () => {
    const rows = [record('/a', 'h:1', T0, [5, 0, 0]), record('/a', 'h:2', T0, [5, 0, 0])];
    const cols = [
      record('unmatched', 'h:1', CHUNKS[0] as number, [5, 0, 0]),
      record('unmatched', 'h:2', CHUNKS[3] as number, [5, 0, 0]),
    ];
    const dealt = dealAggregates(rows, cols, EDGES);
    expect(dealt.map((d) => [d.instance, d.timestampMs])).to.have.deep.members([
      ['h:1', CHUNKS[0]],
      ['h:2', CHUNKS[3]],
    ]);
  });
});
