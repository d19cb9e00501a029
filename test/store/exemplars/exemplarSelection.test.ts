import { expect } from 'chai';
import type { Candidate } from '../../../src/store/exemplars/Exemplar.js';
import {
  type BinCounts,
  EXEMPLAR_QUANTILES,
  quantileBin,
  selectExemplars,
} from '../../../src/store/exemplars/exemplarSelection.js';
import { BIN_COUNT, binOf, valueOfBin } from '../../../src/store/sketch/sketchBins.js';
import { lcgRandom } from '../../support/seededRandom.js';

/** The selection as specified, written plainly: repeats dropped by a string id, then a stable sort. */
function plainSelection(candidates: readonly Candidate[], bins: BinCounts, slowest: number) {
  const seen = new Set<string>();
  const unique = candidates.filter((c) => {
    const id = `${c.traceId}|${c.timestampMs}|${c.durationMs}|${c.statusCode}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  unique.sort((a, b) => b.durationMs - a.durationMs);
  const out = unique.slice(0, slowest);
  const maxMs = unique[0]?.durationMs ?? 0;
  const minMs = unique[unique.length - 1]?.durationMs ?? 0;
  for (const q of [...EXEMPLAR_QUANTILES].sort((a, b) => b - a)) {
    const bin = quantileBin(bins, q);
    if (bin < 0) continue;
    const target = Math.min(maxMs, Math.max(minMs, valueOfBin(bin)));
    let best: Candidate | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const c of unique) {
      const d = Math.abs(c.durationMs - target);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    if (best !== undefined && !out.includes(best)) out.push(best);
  }
  return out;
}

describe('selectExemplars', () => {
  for (let seed = 1; seed <= 40; seed++) {
    it(`keeps what the plain selection keeps, in its order (candidates drawn with seed ${seed})`, () => {
      const draw = lcgRandom(seed);
      const pool: Candidate[] = Array.from({ length: 1 + Math.floor(draw() * 60) }, (_, i) => ({
        // A coarse grid: many equal durations, and the same request offered twice.
        durationMs: Math.round(draw() * 30) * 10,
        timestampMs: 1_000 + Math.floor(draw() * 4),
        statusCode: draw() < 0.8 ? 200 : 500,
        method: 'GET',
        traceId: (i % 7).toString(16).padStart(32, '0'),
      }));
      const candidates = pool.flatMap((c) => (draw() < 0.3 ? [c, { ...c }] : [c]));
      const counts = new Float64Array(BIN_COUNT);
      for (const c of candidates)
        counts[binOf(c.durationMs)] = (counts[binOf(c.durationMs)] ?? 0) + 1;
      const bins: BinCounts = { lo: 0, counts, n: candidates.length };
      const slowest = 1 + (seed % 5);
      expect(selectExemplars(candidates, bins, slowest)).to.deep.equal(
        plainSelection(candidates, bins, slowest),
      );
      expect(
        selectExemplars(candidates, { lo: 0, counts: new Float64Array(0), n: 0 }, slowest),
      ).to.deep.equal(
        plainSelection(candidates, { lo: 0, counts: new Float64Array(0), n: 0 }, slowest),
      );
    });
  }

  it('never lists one request twice', () => {
    const c: Candidate = {
      durationMs: 5,
      timestampMs: 1,
      statusCode: 200,
      method: 'GET',
      traceId: 'a',
    };
    const out = selectExemplars(
      [c, { ...c }, { ...c, traceId: 'b' }, { ...c }],
      { lo: 0, counts: new Float64Array(0), n: 0 },
      5,
    );
    expect(out.map((e) => e.traceId)).to.deep.equal(['a', 'b']);
  });
});
