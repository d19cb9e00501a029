import { expect } from 'chai';
import { SaturationHistory } from '../../../src/store/saturation/SaturationHistory.js';
import type { SaturationSample } from '../../../src/store/saturation/SaturationSample.js';
import { DAY, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';

/** Minutes reach back a day; a 30 h retention keeps hours before that. */
const RETENTION = 30 * HOUR;

function sample(delayMs: number, utilization = 0.5): SaturationSample {
  return {
    eventLoopDelayP99Ms: delayMs,
    eventLoopUtilization: utilization,
    heapUsedBytes: 1_000,
    rssBytes: 2_000,
    peakActiveRequests: 3,
  };
}

/** One sample every `stepMs` over `[from, to)`, advancing to each minute first as RequestStore does. */
function feed(history: SaturationHistory, from: number, to: number, stepMs = 10 * MINUTE): void {
  for (let t = from; t < to; t += stepMs) {
    history.advance(t, t - RETENTION);
    history.record('shop', 'w:1', sample(1), t, t);
  }
}

describe('SaturationHistory', () => {
  describe('#record', () => {
    it('rolls the samples of a minute up: max of the delay, mean of the utilization', () => {
      const history = new SaturationHistory(MINUTE, RETENTION);
      history.advance(T0, T0 - RETENTION);
      history.record('shop', 'w:1', sample(5, 0.2), T0 + 1, T0);
      history.record('shop', 'w:1', sample(9, 0.6), T0 + 2, T0);
      const [bucket] = history.buckets(T0, T0);
      expect(bucket?.widthMs).to.equal(MINUTE);
      expect(bucket?.points).to.have.length(1);
      const point = bucket?.points[0];
      expect(point?.samples).to.equal(2);
      expect(point?.delayP99MaxMs).to.equal(9);
      expect(point?.utilizationSum).to.be.closeTo(0.8, 1e-9);
    });

    it('drops, and counts, the samples of instances past the limit', () => {
      const history = new SaturationHistory(MINUTE, RETENTION, 2);
      history.advance(T0, T0 - RETENTION);
      for (const instance of ['a', 'b', 'c', 'c'])
        history.record('shop', instance, sample(1), T0, T0);
      expect(history.instances).to.equal(2);
      expect(history.dropped).to.equal(2);
    });
  });

  describe('#buckets', () => {
    it('gives minutes within a day and whole hours before, oldest first', () => {
      const history = new SaturationHistory(MINUTE, RETENTION);
      feed(history, T0, T0 + 27 * HOUR + 30 * MINUTE);
      const current = T0 + 27 * HOUR + 20 * MINUTE;
      const buckets = history.buckets(T0, current);
      const hours = buckets.filter((b) => b.widthMs === HOUR).map((b) => b.start);
      // The minutes start at 3:20; the hour of 3:00 would overlap them, so it is left out.
      expect(hours).to.deep.equal([0, 1, 2].map((h) => T0 + h * HOUR));
      const minutes = buckets.filter((b) => b.widthMs === MINUTE);
      expect(minutes[0]?.start).to.equal(T0 + 3 * HOUR + 20 * MINUTE);
      expect(minutes.at(-1)?.start).to.equal(current);
      expect(buckets.map((b) => b.start)).to.deep.equal(
        [...buckets].map((b) => b.start).sort((a, b) => a - b),
      );
    });

    it('sums an hour`s samples into its point', () => {
      const history = new SaturationHistory(MINUTE, RETENTION);
      feed(history, T0, T0 + 26 * HOUR);
      const [first] = history.buckets(T0, T0 + 26 * HOUR - 10 * MINUTE);
      expect(first?.start).to.equal(T0);
      expect(first?.points[0]?.samples).to.equal(6);
    });

    it('gives only minutes from sinceMs within the day', () => {
      const history = new SaturationHistory(MINUTE, RETENTION);
      feed(history, T0, T0 + 2 * HOUR);
      const buckets = history.buckets(T0 + HOUR, T0 + 2 * HOUR - 10 * MINUTE);
      expect(buckets.map((b) => b.start)).to.deep.equal(
        [0, 1, 2, 3, 4, 5].map((k) => T0 + HOUR + k * 10 * MINUTE),
      );
    });
  });

  describe('#advance', () => {
    it('evicts hours past the retention', () => {
      const history = new SaturationHistory(MINUTE, RETENTION);
      feed(history, T0, T0 + 40 * HOUR);
      const current = T0 + 40 * HOUR - 10 * MINUTE;
      const starts = history.buckets(T0, current).map((b) => b.start);
      // Thirty hours back from the open hour of 39:00.
      expect(Math.min(...starts)).to.equal(T0 + 9 * HOUR);
    });

    it('forgets instances silent since the oldest retained data', () => {
      const history = new SaturationHistory(MINUTE, RETENTION);
      feed(history, T0, T0 + HOUR);
      expect(history.instances).to.equal(1);
      history.advance(T0 + 2 * DAY, T0 + 2 * DAY - RETENTION);
      expect(history.instances).to.equal(0);
      expect(history.buckets(T0, T0 + 2 * DAY)).to.deep.equal([]);
    });
  });

  describe('#toData', () => {
    it('restores into a history that gives the same buckets', () => {
      const history = new SaturationHistory(MINUTE, RETENTION);
      feed(history, T0, T0 + 26 * HOUR);
      const current = T0 + 26 * HOUR - 10 * MINUTE;
      const data = JSON.parse(JSON.stringify(history.toData()));
      const restored = new SaturationHistory(MINUTE, RETENTION);
      restored.restore(data, current, current - RETENTION);
      expect(restored.buckets(T0, current)).to.deep.equal(history.buckets(T0, current));
    });
  });
});
