import { expect } from 'chai';
import { spreadDurations } from '../../src/promqlSource/spreadDurations.js';
import type { AggregateRecord } from '../../src/store/AggregateStore.js';

const SERIES = { endpoint: '/a', method: 'GET', statusCode: 200, service: 's', instance: 'i' };

function counted(timestampMs: number, count: number): AggregateRecord {
  return { ...SERIES, timestampMs, count, sumMs: 0, valuesMs: [], weights: [] };
}

function timed(timestampMs: number, valuesMs: number[], weights: number[]): AggregateRecord {
  const count = weights.reduce((n, w) => n + w, 0);
  const sumMs = valuesMs.reduce((s, v, i) => s + v * (weights[i] ?? 0), 0);
  return { ...SERIES, timestampMs, count, sumMs, valuesMs, weights };
}

describe('spreadDurations', () => {
  it('deals a stretch’s durations out to its chunks, as many as each chunk’s requests', () => {
    const out = spreadDurations(
      [counted(0, 2), counted(60, 4)],
      [timed(0, [5, 10, 20], [3, 2, 1])],
      [0, 120],
    );
    expect(out.map((a: AggregateRecord) => [a.count, a.valuesMs, a.weights])).to.deep.equal([
      [2, [5], [2]],
      [4, [5, 10, 20], [1, 2, 1]],
    ]);
    // The stretch's sum (55 ms), shared by requests.
    expect(out[0]?.sumMs).to.be.closeTo((55 * 2) / 6, 1e-9);
    expect(out[1]?.sumMs).to.be.closeTo((55 * 4) / 6, 1e-9);
  });

  it('keeps each stretch’s durations in its own chunks', () => {
    const out = spreadDurations(
      [counted(0, 1), counted(100, 1)],
      [timed(0, [1], [1]), timed(100, [9], [1])],
      [0, 100, 200],
    );
    expect(out.map((a: AggregateRecord) => a.valuesMs)).to.deep.equal([[1], [9]]);
  });

  it('gives requests the durations fall short of the stretch’s mean, never other requests', () => {
    const out = spreadDurations([counted(0, 3)], [timed(0, [8], [1])], [0, 120]);
    expect(out[0]?.valuesMs).to.deep.equal([8, 8]);
    expect(out[0]?.weights).to.deep.equal([1, 2]);
    expect(out[0]?.count).to.equal(3);
  });
});
