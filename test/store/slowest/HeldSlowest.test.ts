import { expect } from 'chai';
import fc from 'fast-check';
import type { EndpointKey } from '../../../src/store/EndpointKey.js';
import { MethodNames } from '../../../src/store/exemplars/MethodNames.js';
import { HeldSlowest } from '../../../src/store/slowest/HeldSlowest.js';
import type { SlowRequest } from '../../../src/store/slowest/SlowRequest.js';
import { seededRandom } from '../../support/seededRandom.js';

const KEY: EndpointKey = {
  source: { service: 's', instance: 'i', recorded: 0, lastSeenMs: 0 },
  endpoint: '/e',
};
const req = (timestampMs: number, durationMs: number, n = timestampMs): SlowRequest => ({
  key: KEY,
  timestampMs,
  durationMs,
  statusCode: 200 + (n % 3),
  method: n % 2 === 0 ? 'GET' : 'POST',
  traceId: (n + 1).toString(16).padStart(32, '0'),
  // Some without a span id: both are packed and read back.
  spanId: n % 4 === 0 ? '' : (n + 7).toString(16).padStart(16, '0'),
});
const held = (h: HeldSlowest): SlowRequest[] =>
  Array.from({ length: h.size }, (_, i) => h.request(i));

describe('HeldSlowest', () => {
  describe('#add', () => {
    it('keeps every request some window ending now ranks in its top k, and few others', () => {
      const random = seededRandom(3);
      const k = 5;
      const h = new HeldSlowest(k, 10_000, KEY, new MethodNames(), 1);
      const all: SlowRequest[] = [];
      for (let t = 0; t < 5_000; t++) all.push(req(t, Math.floor(random() * 1e6)));
      for (let t = 0; t < all.length; t += 50) h.add(all.slice(t, t + 50), 0);
      const kept = held(h);
      for (let since = 0; since < all.length; since += 97) {
        const top = (list: SlowRequest[]) =>
          list
            .filter((r) => r.timestampMs >= since)
            .sort((a, b) => b.durationMs - a.durationMs)
            .slice(0, k);
        expect(top(kept)).to.deep.equal(top(all));
      }
      // About k (1 + ln(n / k)): far fewer than all.
      expect(kept.length).to.be.lessThan(100);
    });

    it('prunes by minute: every window from a minute boundary keeps its top k, fewer held', () => {
      const random = seededRandom(5);
      const k = 5;
      const byTime = new HeldSlowest(k, 10_000, KEY, new MethodNames(), 1);
      const byMinute = new HeldSlowest(k, 10_000, KEY, new MethodNames(), 100);
      const all: SlowRequest[] = [];
      for (let t = 0; t < 5_000; t++) all.push(req(t, Math.floor(random() * 1e6)));
      for (let t = 0; t < all.length; t += 100) {
        byTime.add(all.slice(t, t + 100), 0);
        byMinute.add(all.slice(t, t + 100), 0);
      }
      const kept = held(byMinute);
      for (let since = 0; since < all.length; since += 100) {
        const top = (list: SlowRequest[]) =>
          list
            .filter((r) => r.timestampMs >= since)
            .sort((a, b) => b.durationMs - a.durationMs)
            .slice(0, k);
        expect(top(kept)).to.deep.equal(top(all));
      }
      expect(kept.length).to.be.lessThan(byTime.size);
    });

    it('holds of equal durations only the k newest, which the answer lists first', () => {
      const h = new HeldSlowest(2, 100, KEY, new MethodNames(), 1);
      h.add([req(1, 50), req(2, 50), req(3, 50), req(4, 50), req(5, 10)], 0);
      expect(held(h).map((r) => r.timestampMs)).to.deep.equal([3, 4, 5]);
    });

    it('drops requests before the retention, and the oldest past the cap, saying up to when', () => {
      const h = new HeldSlowest(2, 3, KEY, new MethodNames(), 1);
      // Each slower than all after it: nothing is hidden, only the cap bounds them.
      h.add([req(1, 50), req(2, 40), req(3, 30), req(4, 20), req(5, 10)], 0);
      expect(held(h).map((r) => r.timestampMs)).to.deep.equal([3, 4, 5]);
      expect(h.droppedThrough).to.equal(2);
      expect(h.evictBefore(4)).to.equal(1);
      expect(held(h).map((r) => r.timestampMs)).to.deep.equal([4, 5]);
    });

    it('stays exact for every window from a minute boundary, whatever order batches come in', () => {
      // Batches mostly newer than what is held (a minute's fold), sometimes older (a restore, a late request).
      const batch = fc.array(
        fc.record({ t: fc.integer({ min: 0, max: 600 }), d: fc.integer({ min: 0, max: 40 }) }),
        { maxLength: 25 },
      );
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 6 }),
          fc.integer({ min: 1, max: 30 }),
          fc.array(fc.tuple(batch, fc.boolean(), fc.integer({ min: 0, max: 300 })), {
            minLength: 1,
            maxLength: 12,
          }),
          (k, minuteMs, batches) => {
            const h = new HeldSlowest(k, 10_000, KEY, new MethodNames(), minuteMs);
            const all: SlowRequest[] = [];
            let now = 0;
            let n = 0;
            let oldest = 0;
            for (const [items, late, evict] of batches) {
              const fresh = items.map(({ t, d }) => req(late ? t : now + t, d, n++));
              for (const r of fresh) now = Math.max(now, r.timestampMs);
              oldest = Math.max(oldest, Math.min(evict, now));
              all.push(...fresh);
              h.add(fresh, oldest);
              const kept = held(h);
              const rank = (list: SlowRequest[], since: number) =>
                list
                  .filter((r) => r.timestampMs >= since)
                  .sort((a, b) => b.durationMs - a.durationMs || b.timestampMs - a.timestampMs)
                  .slice(0, k)
                  .map((r) => [r.timestampMs, r.durationMs]);
              const first = Math.ceil(oldest / minuteMs) * minuteMs;
              for (let since = first; since <= now; since += minuteMs) {
                expect(rank(kept, since)).to.deep.equal(rank(all, since));
              }
            }
          },
        ),
        { seed: 22, numRuns: 300 },
      );
    });
  });
});
