import { expect } from 'chai';
import {
  fillBoundaries,
  fillGridMs,
  windowStartOf,
} from '../../src/promqlSource/fillBoundaries.js';
import { DAY, HOUR, MINUTE, T0 } from '../support/fakeClock.js';

describe('fillBoundaries', () => {
  describe('fillGridMs', () => {
    for (const [chartMs, gridMs] of [
      [15 * MINUTE, MINUTE],
      [HOUR, MINUTE],
      [6 * HOUR, 5 * MINUTE],
      [DAY, 15 * MINUTE],
      [7 * DAY, HOUR],
      [30 * DAY, HOUR],
    ] as const) {
      it(`fills a ${chartMs / MINUTE}-minute chart by ${gridMs / MINUTE}-minute chunks, a divisor of its step`, () => {
        expect(fillGridMs(chartMs)).to.equal(gridMs);
      });
    }
  });

  describe('#fillBoundaries', () => {
    const now = T0 + 10 * DAY + 37 * MINUTE + 12_345;

    it('starts at the longest window, ends now, and holds every window start', () => {
      const b = fillBoundaries(now, [DAY, 6 * HOUR, 5 * MINUTE], 15 * MINUTE);
      expect(b[0]).to.equal(windowStartOf(now, DAY));
      expect(b[b.length - 1]).to.equal(now);
      for (const w of [DAY, 6 * HOUR, 5 * MINUTE]) expect(b).to.include(windowStartOf(now, w));
      expect([...b].sort((x, y) => x - y)).to.deep.equal(b);
      expect(new Set(b).size).to.equal(b.length);
    });

    it('takes every grid multiple, and nothing finer', () => {
      const b = fillBoundaries(now, [DAY], 15 * MINUTE);
      const first = b[0] as number;
      for (let t = Math.ceil((first + 1) / (15 * MINUTE)) * 15 * MINUTE; t < now; t += 15 * MINUTE)
        expect(b).to.include(t);
      // About 96 quarters: not one a minute for the day.
      expect(b.length).to.be.within(96, 99);
    });

    it('starts a window past the fine span on an hour, as the store does', () => {
      expect(windowStartOf(now, 7 * DAY) % HOUR).to.equal(0);
      expect(windowStartOf(now, HOUR) % MINUTE).to.equal(0);
    });
  });
});
