import { expect } from 'chai';
import {
  chooseStepMs,
  groupBySteps,
  MAX_TIMESERIES_POINTS,
} from '../../../src/dashboard/queries/timeSteps.js';
import type { WindowView } from '../../../src/store/BucketTiers.js';
import type { BucketView } from '../../../src/store/BucketView.js';
import { FrozenBucket } from '../../../src/store/FrozenBucket.js';
import { LiveBucket } from '../../../src/store/LiveBucket.js';
import { DAY, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';
import { NICE_STEP_SECONDS } from '../../support/queryFixtures.js';

describe('timeSteps', () => {
  describe('#chooseStepMs', () => {
    const cases: [string, number, number, number][] = [
      ['2 minutes', 2 * MINUTE, MINUTE, MINUTE],
      ['120 minutes', 120 * MINUTE, MINUTE, MINUTE],
      ['121 minutes', 121 * MINUTE, MINUTE, 2 * MINUTE],
      ['240 minutes', 240 * MINUTE, MINUTE, 2 * MINUTE],
      ['241 minutes', 241 * MINUTE, MINUTE, 5 * MINUTE],
      ['1441 minutes (24 h)', 1441 * MINUTE, MINUTE, 15 * MINUTE],
      ['10081 minutes (7 d)', 10_081 * MINUTE, MINUTE, 120 * MINUTE],
      ['367 days', 367 * DAY, MINUTE, 10_080 * MINUTE],
      ['1000 days (past the largest step)', 1000 * DAY, MINUTE, 10_080 * MINUTE],
      ['1 hour of 5-minute buckets', HOUR, 5 * MINUTE, 5 * MINUTE],
      ['1 hour of 20-minute buckets', HOUR, 20 * MINUTE, 60 * MINUTE],
    ];
    for (const [name, windowMs, bucketMs, expected] of cases) {
      it(`picks ${expected / MINUTE} min for ${name}`, () => {
        const step = chooseStepMs(windowMs, bucketMs);
        expect(step).to.equal(expected);
        expect(NICE_STEP_SECONDS).to.include(step / 1000);
        expect(step % bucketMs).to.equal(0);
      });
    }
  });

  describe('#groupBySteps', () => {
    /** A bucket view with no rollups, enough for grouping. */
    const bucket = (start: number): BucketView =>
      FrozenBucket.freeze(start, MINUTE, new LiveBucket());
    const windowOf = (sinceMs: number, nowMs: number, buckets: BucketView[]): WindowView => ({
      sinceMs,
      nowMs,
      buckets,
      cover: () => buckets,
      bucketMs: MINUTE,
      resolutionMs: MINUTE,
    });

    it('covers the window with aligned steps and places each bucket in its step', () => {
      // 6 h window: 361 minutes, so 5-minute steps.
      const nowMs = T0 + 6 * HOUR + 12_345;
      const sinceMs = T0 + 3 * MINUTE;
      const buckets = [3, 4, 5, 9, 10, 200, 360].map((m) => bucket(T0 + m * MINUTE));
      const { stepMs, groups } = groupBySteps(windowOf(sinceMs, nowMs, buckets));
      expect(stepMs).to.equal(5 * MINUTE);
      expect(groups[0]?.start).to.equal(T0);
      expect(groups.at(-1)?.start).to.equal(T0 + 360 * MINUTE);
      expect(groups).to.have.length(73);
      const placed = groups
        .filter((g) => g.buckets.length > 0)
        .map((g) => [(g.start - T0) / MINUTE, g.buckets.map((b) => (b.start - T0) / MINUTE)]);
      expect(placed).to.deep.equal([
        [0, [3, 4]],
        [5, [5, 9]],
        [10, [10]],
        [200, [200]],
        [360, [360]],
      ]);
    });

    it(`keeps at most ${MAX_TIMESERIES_POINTS + 1} steps for any window`, () => {
      for (let minutes = 1; minutes <= 10_081; minutes += 37) {
        for (const offset of [0, 7]) {
          const nowMs = T0 + 11 * DAY + offset * MINUTE + 1;
          const lastStart = nowMs - (nowMs % MINUTE);
          const view = windowOf(lastStart - (minutes - 1) * MINUTE, nowMs, []);
          const { stepMs, groups } = groupBySteps(view);
          expect(groups.length, `${minutes} min`).to.be.at.most(MAX_TIMESERIES_POINTS + 1);
          expect(groups[0]?.start, `${minutes} min`).to.be.at.most(view.sinceMs);
          expect((groups.at(-1)?.start as number) + stepMs, `${minutes} min`).to.be.above(nowMs);
        }
      }
    });
  });
});
