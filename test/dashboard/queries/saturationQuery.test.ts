import { expect } from 'chai';
import { saturationQuery } from '../../../src/dashboard/queries/saturationQuery.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import { FakeClock, HOUR, T0 } from '../../support/fakeClock.js';
import { snapshotViaJson } from '../../support/snapshotViaJson.js';

describe('saturationQuery', () => {
  describe('saturation history', () => {
    it('keeps a point per minute, rolled up by max and mean, across a restore', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now, retentionMs: 24 * HOUR });
      for (let s = 0; s < 3 * 60 * 12; s++) {
        clock.set(T0 + s * 5_000);
        store.recordSaturation({
          eventLoopDelayP99Ms: s % 12,
          eventLoopUtilization: (s % 2) / 2,
          heapUsedBytes: 1_000 + s,
          rssBytes: 2_000 + s,
          peakActiveRequests: s % 12 === 3 ? 9 : 1,
        });
      }
      clock.set(T0 + 3 * HOUR);
      const hour = saturationQuery(store, '1h', HOUR);
      const local = hour.instances[0];
      expect(hour.step_seconds).to.equal(60);
      expect(local?.local).to.equal(true);
      expect(local?.points).to.have.length(60);
      expect(local?.points[0]).to.deep.equal({
        timestamp: new Date(T0 + 2 * HOUR).toISOString(),
        event_loop_delay_p99_ms: 11,
        event_loop_utilization: 0.25,
        heap_used_bytes: 1_000 + 2 * 60 * 12 + 11,
        rss_bytes: 2_000 + 2 * 60 * 12 + 11,
        peak_active_requests: 9,
        samples: 12,
      });
      const restored = new RequestStore({ now: clock.now, retentionMs: 24 * HOUR });
      restored.restore(snapshotViaJson(store.toSnapshot()));
      expect(saturationQuery(restored, '1h', HOUR)).to.deep.equal(hour);
      expect(saturationQuery(restored, '24h', 24 * HOUR)).to.deep.equal(
        saturationQuery(store, '24h', 24 * HOUR),
      );
    });
  });
});
