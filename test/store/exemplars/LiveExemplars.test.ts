import { expect } from 'chai';
import fc from 'fast-check';
import type { Candidate } from '../../../src/store/exemplars/Exemplar.js';
import { LiveExemplars } from '../../../src/store/exemplars/LiveExemplars.js';
import type { RequestRecord } from '../../../src/store/RequestRecord.js';
import { LiveRollup } from '../../../src/store/sketch/LiveRollup.js';
import { onNanosecondGrid } from '../../../src/store/sketch/nanosecondGrid.js';
import { binOf } from '../../../src/store/sketch/sketchBins.js';
import { T0 } from '../../support/fakeClock.js';
import { request } from '../../support/records.js';

const SLOWEST = 2;

/** Records `rec` as the store does: into the minute's rollup of its endpoint, then into the candidates. */
function add(live: LiveExemplars, rollup: LiveRollup, rec: RequestRecord): void {
  rollup.add(rec.durationMs);
  live.add(rec, rollup);
}

/**
 * What a minute's candidates must be, computed the plain way: per bin its
 * first request, and the slowest (durations as the store keeps them, to the nanosecond).
 */
function reference(given: readonly RequestRecord[]): {
  counts: Map<number, number>;
  firsts: Candidate[];
  top: number[];
} {
  const records = given.map((r) => ({ ...r, durationMs: onNanosecondGrid(r.durationMs) }));
  const counts = new Map<number, number>();
  const firsts = new Map<number, Candidate>();
  for (const r of records) {
    const bin = binOf(r.durationMs);
    counts.set(bin, (counts.get(bin) ?? 0) + 1);
    if (!firsts.has(bin)) {
      firsts.set(bin, {
        timestampMs: r.timestampMs,
        durationMs: r.durationMs,
        statusCode: r.statusCode,
        method: r.method,
        traceId: r.traceId ?? '',
        spanId: r.spanId ?? '',
      });
    }
  }
  const top = records
    .map((r) => r.durationMs)
    .sort((a, b) => b - a)
    .slice(0, SLOWEST);
  return { counts, firsts: [...firsts].sort(([a], [b]) => a - b).map(([, c]) => c), top };
}

/** Bin counts of a live state, by bin. */
function countsOf(live: LiveExemplars): Map<number, number> {
  const out = new Map<number, number>();
  live.counts.forEach((n, i) => {
    if (n > 0) out.set(live.lo + i, n);
  });
  return out;
}

const records = fc.array(
  fc.record({
    durationMs: fc.oneof(
      fc.double({ min: 0.001, max: 5, noNaN: true }),
      fc.double({ min: 5, max: 60_000, noNaN: true }),
    ),
    statusCode: fc.constantFrom(200, 404, 500),
    method: fc.constantFrom('GET', 'POST'),
    trace: fc.stringMatching(/^[0-9a-f]{32}$/),
  }),
  { minLength: 1, maxLength: 300 },
);

describe('LiveExemplars', () => {
  describe('#add', () => {
    it('keeps the first request of every non-empty bin, lowest bin first, and the slowest', () => {
      fc.assert(
        fc.property(records, (shapes) => {
          const recs = shapes.map((s, i) =>
            request(T0 + i, {
              durationMs: s.durationMs,
              statusCode: s.statusCode,
              method: s.method,
              traceId: s.trace,
            }),
          );
          const live = new LiveExemplars(SLOWEST);
          const rollup = new LiveRollup();
          for (const r of recs) add(live, rollup, r);
          const want = reference(recs);
          expect(countsOf(live)).to.deep.equal(want.counts);
          expect(live.n).to.equal(recs.length);
          const got = live.candidates();
          expect(got.slice(0, want.top.length).map((c) => c.durationMs)).to.deep.equal(want.top);
          expect(got.slice(want.top.length)).to.deep.equal(want.firsts);
        }),
        { numRuns: 200 },
      );
    });

    it('counts through the rollup it is given, and keeps its candidates for a late request', () => {
      const live = new LiveExemplars(SLOWEST);
      const rollup = new LiveRollup();
      add(live, rollup, request(T0, { durationMs: 5 }));
      // A late request: counted in its own minute's rollup, not this one; still a candidate.
      live.add(request(T0 - 60_000, { durationMs: 900 }), undefined);
      expect(live.n).to.equal(1);
      expect(countsOf(live)).to.deep.equal(new Map([[binOf(5), 1]]));
      expect(live.candidates().map((c) => c.durationMs)).to.deep.equal([900, 5, 5, 900]);
    });

    it('copies the fields it keeps: a reused record does not change them', () => {
      const rec = { ...request(T0, { durationMs: 12, traceId: 'a'.repeat(32) }) };
      const live = new LiveExemplars(SLOWEST);
      const rollup = new LiveRollup();
      add(live, rollup, rec);
      rec.durationMs = 400;
      rec.traceId = 'b'.repeat(32);
      rec.timestampMs = T0 + 5;
      add(live, rollup, rec);
      const firsts = live.candidates().slice(2);
      expect(firsts.map((c) => [c.durationMs, c.traceId, c.timestampMs])).to.deep.equal([
        [12, 'a'.repeat(32), T0],
        [400, 'b'.repeat(32), T0 + 5],
      ]);
    });
  });

  describe('.fromData', () => {
    it('continues a saved state as if it had never stopped', () => {
      fc.assert(
        fc.property(records, fc.nat(), (shapes, cut) => {
          const recs = shapes.map((s, i) =>
            request(T0 + i, { durationMs: s.durationMs, traceId: s.trace }),
          );
          const at = cut % (recs.length + 1);
          const straight = new LiveExemplars(SLOWEST);
          const straightRollup = new LiveRollup();
          for (const r of recs) add(straight, straightRollup, r);
          const first = new LiveExemplars(SLOWEST);
          const firstRollup = new LiveRollup();
          for (const r of recs.slice(0, at)) add(first, firstRollup, r);
          const resumed = LiveExemplars.fromData(SLOWEST, first.toData());
          // Before a new request, the saved counts; after, the store's restored rollup.
          expect(countsOf(resumed)).to.deep.equal(countsOf(first));
          expect(resumed.n).to.equal(at);
          const restoredRollup = new LiveRollup();
          for (const r of recs.slice(0, at)) restoredRollup.add(r.durationMs);
          for (const r of recs.slice(at)) add(resumed, restoredRollup, r);
          expect(resumed.candidates()).to.deep.equal(straight.candidates());
          expect(countsOf(resumed)).to.deep.equal(countsOf(straight));
          expect(resumed.n).to.equal(straight.n);
        }),
        { numRuns: 100 },
      );
    });
  });
});
