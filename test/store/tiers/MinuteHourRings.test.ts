import { expect } from 'chai';
import { HOUR_MS, MinuteHourRings } from '../../../src/store/tiers/MinuteHourRings.js';
import { DAY, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';

/** A bucket that counts what went into it. */
interface Tally {
  n: number;
}

/** Rings of a 6 h retention whose minutes reach back 1 h; hours are the sum of their minutes. */
function sixHourRings(
  options: { minuteSpanMs?: number; retentionMs?: number; hoursWithinMinuteSpan?: boolean } = {},
) {
  const dropped: Tally[] = [];
  const rollUps: number[] = [];
  const rings = new MinuteHourRings<Tally>({
    minuteMs: MINUTE,
    retentionMs: options.retentionMs ?? 6 * HOUR,
    minuteSpanMs: options.minuteSpanMs ?? HOUR,
    hoursWithinMinuteSpan: options.hoursWithinMinuteSpan ?? false,
    rollUp: (hour, minutes) => {
      rollUps.push(hour);
      return { n: minutes.reduce((sum, m) => sum + m.n, 0) };
    },
    onDrop: (b) => dropped.push(b),
  });
  return { rings, dropped, rollUps };
}

/** Writes one tally into every minute of `[from, to)` and advances to each, as a store would. */
function fill(rings: MinuteHourRings<Tally>, from: number, to: number): void {
  for (let t = from; t < to; t += MINUTE) {
    rings.advance(t);
    rings.put(rings.minutes, t, { n: 1 });
  }
}

describe('MinuteHourRings', () => {
  describe('#constructor', () => {
    it('keeps hours only when the retention reaches past the minutes', () => {
      expect(sixHourRings().rings.hours?.length).to.equal(7);
      expect(sixHourRings({ retentionMs: HOUR }).rings.hours).to.equal(undefined);
    });

    it('sizes the minute ring to its span, clamped to the retention', () => {
      expect(sixHourRings().rings.minutes.length).to.equal(61);
      expect(sixHourRings({ minuteSpanMs: DAY }).rings.minutes.length).to.equal(6 * 60 + 1);
    });

    it('keeps hours within the minute span when asked, from an hour of retention on', () => {
      const make = (retentionMs: number) =>
        new MinuteHourRings<Tally>({
          minuteMs: MINUTE,
          retentionMs,
          minuteSpanMs: DAY,
          hoursWithinMinuteSpan: true,
          rollUp: () => undefined,
        });
      expect(make(2 * HOUR).hours?.widthMs).to.equal(HOUR_MS);
      expect(make(30 * MINUTE).hours).to.equal(undefined);
    });

    it('keeps no hours when an hour is no whole number of minutes', () => {
      const rings = new MinuteHourRings<Tally>({
        minuteMs: 7 * MINUTE,
        retentionMs: 7 * 6 * HOUR,
        minuteSpanMs: HOUR,
        rollUp: () => undefined,
      });
      expect(rings.hours).to.equal(undefined);
    });
  });

  describe('#advance', () => {
    it('starts the roll-up cursor at the first hour it sees', () => {
      const { rings } = sixHourRings();
      expect(rings.rolledBefore).to.equal(Number.NEGATIVE_INFINITY);
      rings.advance(T0 + 25 * MINUTE);
      expect(rings.rolledBefore).to.equal(T0);
    });

    it('rolls a finished hour up from its minutes, once, and not the current one', () => {
      const { rings, rollUps } = sixHourRings();
      fill(rings, T0, T0 + HOUR + 30 * MINUTE);
      expect(rollUps).to.deep.equal([T0]);
      expect(rings.hours?.get(T0)).to.deep.equal({ n: 60 });
      expect(rings.hours?.get(T0 + HOUR)).to.equal(undefined);
      expect(rings.rolledBefore).to.equal(T0 + HOUR);
    });

    it('keeps no hour when rollUp returns none', () => {
      const rings = new MinuteHourRings<Tally>({
        minuteMs: MINUTE,
        retentionMs: 6 * HOUR,
        minuteSpanMs: HOUR,
        rollUp: () => undefined,
      });
      fill(rings, T0, T0 + 2 * HOUR);
      expect(rings.hours?.entries()).to.deep.equal([]);
    });

    it('evicts minutes past their span and tells onDrop', () => {
      const { rings, dropped } = sixHourRings();
      fill(rings, T0, T0 + 90 * MINUTE);
      rings.advance(T0 + 90 * MINUTE);
      const starts = rings.minutes.entries().map(([start]) => start);
      expect(starts[0]).to.equal(T0 + 30 * MINUTE);
      expect(starts).to.have.length(60);
      expect(dropped).to.have.length(30);
    });

    it('evicts hours past the retention', () => {
      const { rings } = sixHourRings();
      fill(rings, T0, T0 + 9 * HOUR);
      const hours = rings.hours?.entries().map(([start]) => start);
      // At 8:59 the hour of 8:00 is still open; six hours back reach 2:00.
      expect(hours).to.deep.equal([2, 3, 4, 5, 6, 7].map((h) => T0 + h * HOUR));
    });

    it('still rolls up the hours before a long pause, then evicts them', () => {
      const { rings, rollUps } = sixHourRings();
      fill(rings, T0, T0 + 50 * MINUTE);
      rings.advance(T0 + 2 * HOUR + 5 * MINUTE);
      expect(rollUps).to.deep.equal([T0]);
      expect(rings.hours?.get(T0)).to.deep.equal({ n: 50 });
      rings.advance(T0 + 2 * DAY);
      expect(rings.hours?.entries()).to.deep.equal([]);
      expect(rings.minutes.entries()).to.deep.equal([]);
    });
  });

  describe('#bucketsSince', () => {
    it('gives the hours before the oldest minute, then the minutes, oldest first', () => {
      const { rings } = sixHourRings();
      const now = T0 + 3 * HOUR + 30 * MINUTE;
      fill(rings, T0, now + MINUTE);
      const slices = rings.bucketsSince(T0, now);
      const hours = slices.filter((s) => s.isHour).map((s) => s.start);
      // The minutes start at 2:30, so the hour of 2:00 overlaps them.
      expect(hours).to.deep.equal([T0, T0 + HOUR, T0 + 2 * HOUR]);
      const minutes = slices.filter((s) => !s.isHour);
      expect(minutes[0]?.start).to.equal(now - HOUR);
      expect(minutes.at(-1)?.start).to.equal(now);
      expect(slices.map((s) => s.start)).to.deep.equal(
        [...slices].sort((a, b) => a.start - b.start).map((s) => s.start),
      );
    });

    it('gives only the minutes from a window inside their span', () => {
      const { rings } = sixHourRings();
      const now = T0 + 3 * HOUR;
      fill(rings, T0, now + MINUTE);
      const slices = rings.bucketsSince(now - 10 * MINUTE, now);
      expect(slices.every((s) => !s.isHour && s.widthMs === MINUTE)).to.equal(true);
      expect(slices.map((s) => s.start)).to.deep.equal(
        Array.from({ length: 11 }, (_, i) => now - 10 * MINUTE + i * MINUTE),
      );
    });

    it('leaves out minutes after newestMs', () => {
      const { rings } = sixHourRings();
      fill(rings, T0, T0 + 20 * MINUTE);
      const slices = rings.bucketsSince(T0, T0 + 19 * MINUTE, T0 + 4 * MINUTE);
      expect(slices.map((s) => s.start)).to.deep.equal([0, 1, 2, 3, 4].map((m) => T0 + m * MINUTE));
    });
  });

  describe('#coverSince', () => {
    it('reads each whole rolled hour as one bucket and the minutes around it one by one', () => {
      const { rings } = sixHourRings({ minuteSpanMs: DAY, hoursWithinMinuteSpan: true });
      const now = T0 + 2 * HOUR + 5 * MINUTE;
      fill(rings, T0, now + MINUTE);
      const slices = rings.coverSince(T0 + 30 * MINUTE, now);
      const hours = slices.filter((s) => s.isHour).map((s) => s.start);
      expect(hours).to.deep.equal([T0 + HOUR]);
      expect(slices.filter((s) => !s.isHour)).to.have.length(30 + 6);
      expect(slices.reduce((sum, s) => sum + s.bucket.n, 0)).to.equal(30 + 60 + 6);
    });
  });

  describe('#rolledHourOf', () => {
    it('names a held hour already rolled up, and none for the hour still open', () => {
      const { rings } = sixHourRings();
      fill(rings, T0, T0 + 2 * HOUR + 10 * MINUTE);
      const current = T0 + 2 * HOUR + 9 * MINUTE;
      expect(rings.rolledHourOf(T0 + HOUR + 15 * MINUTE, current)).to.equal(T0 + HOUR);
      expect(rings.rolledHourOf(T0 + 2 * HOUR + 5 * MINUTE, current)).to.equal(undefined);
      expect(rings.rolledHourOf(T0 - 7 * HOUR, current)).to.equal(undefined);
    });
  });

  describe('#restoreRing', () => {
    it('takes back aligned buckets of its widths up to the current minute', () => {
      const { rings } = sixHourRings();
      const current = T0 + 3 * HOUR;
      expect(rings.restoreRing(MINUTE, current - MINUTE, current)).to.equal(rings.minutes);
      expect(rings.restoreRing(HOUR, T0 + HOUR, current)).to.equal(rings.hours);
      expect(rings.restoreRing(HOUR, T0 + HOUR + MINUTE, current)).to.equal(undefined);
      expect(rings.restoreRing(MINUTE, current + MINUTE, current)).to.equal(undefined);
      expect(rings.restoreRing(15 * MINUTE, T0, current)).to.equal(undefined);
    });
  });

  describe('#clear', () => {
    it('empties both rings and forgets the roll-up', () => {
      const { rings } = sixHourRings();
      fill(rings, T0, T0 + 2 * HOUR);
      rings.clear();
      expect(rings.minutes.entries()).to.deep.equal([]);
      expect(rings.hours?.entries()).to.deep.equal([]);
      expect(rings.rolledBefore).to.equal(Number.NEGATIVE_INFINITY);
    });
  });
});
