import { expect } from 'chai';
import fc from 'fast-check';
import { exactIncrease, exactIncrements, stepCount } from '../../src/promql/exactIncrease.js';
import type { RawSample } from '../../src/promql/PromQlClient.js';

const s = (t: number, v: number): RawSample => ({ t, v });

/** One scrape of a simulated counter: what was served since the last one, and whether the process restarted first. */
interface Scrape {
  readonly served: number;
  readonly restart: boolean;
}

/**
 * A counter scraped every second (at k·1000 + 500), starting at scrape
 * `first`: its samples, and what each scrape truly added. A restart keeps
 * the new count below the old one, so that it is detectable.
 */
function simulate(
  first: number,
  scrapes: readonly Scrape[],
): { samples: RawSample[]; truth: RawSample[] } {
  let value = 0;
  const samples: RawSample[] = [];
  const truth: RawSample[] = [];
  scrapes.forEach(({ served, restart }, i) => {
    const t = (first + i) * 1000 + 500;
    let added = served;
    if (restart && value > 0) {
      added = Math.min(served, value - 1);
      value = added;
    } else {
      value += added;
    }
    samples.push(s(t, value));
    truth.push(s(t, added));
  });
  return { samples, truth };
}

const scenario = fc.record({
  first: fc.integer({ min: 0, max: 20 }),
  scrapes: fc.array(fc.record({ served: fc.nat(50), restart: fc.boolean() }), {
    minLength: 1,
    maxLength: 60,
  }),
  from: fc.integer({ min: 0, max: 80 }),
  width: fc.integer({ min: 1, max: 80 }),
});

/** The samples a caller fetches: a 3-scrape lookback before `fromMs`, up to `toMs`. */
function fetched(samples: readonly RawSample[], fromMs: number, toMs: number): RawSample[] {
  return samples.filter((p) => p.t > fromMs - 3000 && p.t <= toMs);
}

describe('exactIncrease', () => {
  describe('#exactIncrease', () => {
    const cases: [string, RawSample[], number, number, number][] = [
      ['no samples: 0', [], 0, 10_000, 0],
      ['a rise inside the window', [s(1000, 5), s(3000, 9), s(5000, 12)], 2000, 6000, 7],
      ['a sample at the window start is the baseline', [s(2000, 5), s(3000, 9)], 2000, 6000, 4],
      ['a sample at the window end counts', [s(1000, 5), s(6000, 9)], 2000, 6000, 4],
      ['a sample after the window does not', [s(1000, 5), s(7000, 9)], 2000, 6000, 0],
      [
        'a new series (first sample inside) counts from zero',
        [s(3000, 4), s(4000, 6)],
        2000,
        6000,
        6,
      ],
      [
        'the first scrape before the window is only a baseline',
        [s(1000, 4), s(4000, 6)],
        2000,
        6000,
        2,
      ],
      [
        'a drop is a restart: the value after it is new',
        [s(1000, 10), s(3000, 12), s(4000, 3), s(5000, 5)],
        2000,
        6000,
        7,
      ],
      [
        'a restart to zero adds nothing until it counts again',
        [s(1000, 10), s(3000, 0), s(4000, 2)],
        2000,
        6000,
        2,
      ],
      [
        'a series that stops adds nothing after its last sample',
        [s(1000, 1), s(3000, 4)],
        2000,
        60_000,
        3,
      ],
      [
        'NaN and infinite samples are skipped',
        [s(1000, 1), s(3000, Number.NaN), s(4000, 4), s(4500, Number.POSITIVE_INFINITY)],
        2000,
        6000,
        3,
      ],
      ['float counters', [s(1000, 0.5), s(3000, 2)], 2000, 6000, 1.5],
    ];
    for (const [name, samples, from, to, expected] of cases) {
      it(name, () => {
        expect(exactIncrease(samples, from, to)).to.equal(expected);
      });
    }

    it('equals what was served inside (from, to], across restarts and new series', () => {
      fc.assert(
        fc.property(scenario, ({ first, scrapes, from, width }) => {
          const { samples, truth } = simulate(first, scrapes);
          const fromMs = from * 1000;
          const toMs = fromMs + width * 1000;
          const served = truth
            .filter((p) => p.t > fromMs && p.t <= toMs)
            .reduce((sum, p) => sum + p.v, 0);
          expect(exactIncrease(fetched(samples, fromMs, toMs), fromMs, toMs)).to.equal(served);
        }),
      );
    });

    it('adds up: (a, b] and (b, c] make (a, c]', () => {
      fc.assert(
        fc.property(
          scenario,
          fc.integer({ min: 0, max: 80 }),
          ({ first, scrapes, from, width }, cut) => {
            const { samples } = simulate(first, scrapes);
            const a = from * 1000;
            const c = a + width * 1000;
            const b = a + Math.min(cut * 1000, c - a);
            expect(exactIncrease(samples, a, b) + exactIncrease(samples, b, c)).to.equal(
              exactIncrease(samples, a, c),
            );
          },
        ),
      );
    });
  });

  describe('#exactIncrements', () => {
    it('cuts [start, end) into steps, the last one short', () => {
      expect(stepCount(0, 10_000, 3000)).to.equal(4);
      expect(stepCount(10_000, 0, 3000)).to.equal(0);
      const samples = [s(500, 1), s(1000, 3), s(2999, 4), s(3000, 6), s(9999, 7), s(10_000, 9)];
      // 500 is the first sample ever, at or after the start: it counts from zero.
      expect(exactIncrements(samples, 0, 10_000, 3000)).to.deep.equal([4, 2, 0, 1]);
    });

    it('refuses a step that is not positive', () => {
      expect(() => exactIncrements([], 0, 1000, 0)).to.throw(RangeError);
    });

    it('gives each step what was served in it, and sums to the increase over [start, end)', () => {
      fc.assert(
        fc.property(
          scenario,
          fc.integer({ min: 1, max: 20 }),
          ({ first, scrapes, from, width }, step) => {
            const { samples, truth } = simulate(first, scrapes);
            const start = from * 1000;
            const end = start + width * 1000;
            const steps = exactIncrements(fetched(samples, start - 1, end), start, end, step * 700);
            steps.forEach((value, i) => {
              const lo = start + i * step * 700;
              const hi = Math.min(end, lo + step * 700);
              const served = truth
                .filter((p) => p.t >= lo && p.t < hi)
                .reduce((sum, p) => sum + p.v, 0);
              expect(value).to.equal(served);
            });
            const total = steps.reduce((sum, v) => sum + v, 0);
            expect(total).to.equal(exactIncrease(samples, start - 1, end - 1));
          },
        ),
      );
    });
  });
});
