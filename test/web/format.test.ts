import { expect } from 'chai';
import {
  formatAxisTime,
  formatClock,
  formatCount,
  formatMs,
  formatMsTick,
  formatPercent,
  formatPerMinute,
  NO_VALUE,
} from '../../web/format.js';

describe('web/format', () => {
  describe('#formatCount', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [7, '7'],
      [999, '999'],
      [1000, '1,000'],
      [12_345, '12,345'],
      [1_234_567, '1,234,567'],
      [2.6, '3'],
      [-1500, '-1,500'],
      [Number.NaN, NO_VALUE],
    ];
    for (const [n, text] of cases)
      it(`shows ${n} as ${text}`, () => expect(formatCount(n)).to.equal(text));
  });

  describe('#formatPerMinute', () => {
    const cases: [number, string][] = [
      [0, '0.0/min'],
      [0.25, '0.3/min'],
      [9.94, '9.9/min'],
      [9.96, '10/min'],
      [40, '40/min'],
      [1250.4, '1,250/min'],
    ];
    for (const [n, text] of cases) {
      it(`shows ${n} per minute as ${text}`, () => expect(formatPerMinute(n)).to.equal(text));
    }
  });

  describe('#formatMs', () => {
    const cases: [number | null, string][] = [
      [null, NO_VALUE],
      [Number.NaN, NO_VALUE],
      [-1, NO_VALUE],
      [0, '0 ms'],
      [0.004, '0.00 ms'],
      [0.42, '0.42 ms'],
      [0.996, '1.0 ms'],
      [4.25, '4.3 ms'],
      [61, '61.0 ms'],
      [99.94, '99.9 ms'],
      [99.96, '100 ms'],
      [123.4, '123 ms'],
      [999.4, '999 ms'],
      [999.6, '1.00 s'],
      [1234, '1.23 s'],
      [12_500, '12.5 s'],
      [59_940, '59.9 s'],
      [150_000, '2.5 min'],
    ];
    for (const [ms, text] of cases)
      it(`shows ${ms} as ${text}`, () => expect(formatMs(ms)).to.equal(text));
  });

  describe('#formatMsTick', () => {
    const cases: [number, string][] = [
      [0, '0 ms'],
      [50, '50 ms'],
      [2.5, '2.5 ms'],
      [0.5, '0.5 ms'],
      [150, '150 ms'],
      [1000, '1 s'],
      [1500, '1.5 s'],
    ];
    for (const [ms, text] of cases) {
      it(`shows the tick ${ms} as ${text}`, () => expect(formatMsTick(ms)).to.equal(text));
    }
  });

  describe('#formatPercent', () => {
    const cases: [number | null, string][] = [
      [null, NO_VALUE],
      [0, '0%'],
      [0.0004, '<0.1%'],
      [0.0006, '0.1%'],
      [0.0523, '5.2%'],
      [0.1126, '11.3%'],
      [0.9994, '99.9%'],
      [0.9996, '>99.9%'],
      [1, '100%'],
    ];
    for (const [ratio, text] of cases) {
      it(`shows ${ratio} as ${text}`, () => expect(formatPercent(ratio)).to.equal(text));
    }
  });

  describe('#formatClock', () => {
    // Local times, so the cases hold in any time zone.
    const now = new Date(2024, 0, 31, 23, 59, 0).getTime();
    it('shows a time of the same local day as HH:MM:SS', () => {
      expect(formatClock(new Date(2024, 0, 31, 4, 3, 7).getTime(), now)).to.equal('04:03:07');
    });
    it('adds the date to a time of another day', () => {
      expect(formatClock(new Date(2024, 0, 30, 14, 3, 7).getTime(), now)).to.equal(
        '2024-01-30 14:03:07',
      );
      expect(formatClock(new Date(2023, 0, 31, 14, 3, 7).getTime(), now)).to.equal(
        '2023-01-31 14:03:07',
      );
    });
  });

  describe('#formatAxisTime', () => {
    const cases: [Date, string][] = [
      [new Date(2024, 2, 14, 0, 0, 0), '2024-03-14'],
      [new Date(2024, 2, 14, 14, 5, 0), '14:05'],
      [new Date(2024, 2, 14, 0, 5, 0), '00:05'],
      [new Date(2024, 2, 14, 14, 5, 30), '14:05:30'],
    ];
    for (const [date, text] of cases) {
      it(`labels ${date.toString().slice(4, 24)} as ${text}`, () => {
        expect(formatAxisTime(date.getTime())).to.equal(text);
      });
    }
  });
});
