import { expect } from 'chai';
import fc from 'fast-check';
import { latencyQuery } from '../../src/dashboard/queries/latencyQuery.js';
import { requestsQuery } from '../../src/dashboard/queries/requestsQuery.js';
import {
  BucketTiers,
  DAY_BUCKET_MS,
  HOUR_BUCKET_MS,
  QUARTER_BUCKET_MS,
} from '../../src/store/BucketTiers.js';
import type { BucketView } from '../../src/store/BucketView.js';
import type { RequestRecord } from '../../src/store/RequestRecord.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { OVERFLOW_ENDPOINT } from '../../src/store/SeriesRegistry.js';
import { LiveRollup } from '../../src/store/sketch/LiveRollup.js';
import { DISTRIBUTIONS, exactQuantile, samples } from '../support/distributions.js';
import { DAY, FakeClock, HOUR, MINUTE, T0 } from '../support/fakeClock.js';
import { request } from '../support/records.js';
import { SingleSourceSeries } from '../support/SingleSourceSeries.js';

/** Requests per `endpoint status` in some buckets. */
function tally(buckets: readonly BucketView[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const bucket of buckets) {
    bucket.series.forEach((s, row) => {
      const key = `${s.endpoint} ${s.statusCode}`;
      counts.set(key, (counts.get(key) ?? 0) + (bucket.counts[row] ?? 0));
    });
  }
  return counts;
}

/** Requests per `endpoint status` among records. */
function tallyRecords(records: readonly RequestRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) {
    const key = `${r.endpoint} ${r.statusCode}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

const sorted = (m: Map<string, number>) => [...m].sort(([a], [b]) => a.localeCompare(b));
const widths = (buckets: readonly BucketView[]) => buckets.map((b) => b.widthMs);
const total = (buckets: readonly BucketView[]) => buckets.reduce((n, b) => n + b.totals.count, 0);

describe('BucketTiers', () => {
  describe('RETENTION=7d', () => {
    // 30 s into a minute, 8.5 days after T0; a request every 5 minutes for the last 7 days and 2 hours.
    const now = T0 + 8 * DAY + 12 * HOUR + 30_000;
    const records: RequestRecord[] = [];
    for (let t = now - 7 * DAY - 2 * HOUR; t <= now; t += 5 * MINUTE) {
      const i = records.length;
      records.push(request(t, { endpoint: `/e${i % 3}`, statusCode: i % 7 === 0 ? 500 : 200 }));
    }
    const filled = (): RequestStore => {
      const clock = new FakeClock(now - 7 * DAY - 2 * HOUR);
      const store = new RequestStore({ now: clock.now, retentionMs: 7 * DAY });
      for (const rec of records) {
        clock.set(rec.timestampMs);
        expect(store.record(rec)).to.equal(true);
      }
      clock.set(now);
      return store;
    };

    it('answers from hour buckets beyond the last day, and minutes within it', () => {
      const store = filled();
      const view = store.window(7 * DAY);
      const since = T0 + DAY + 12 * HOUR; // now - 7d, down to the hour
      expect(view.sinceMs).to.equal(since);
      expect(view.resolutionMs).to.equal(HOUR);
      // Minute buckets reach back 1440 minutes, to 12:00; hours hold everything before.
      const firstMinute = T0 + 7 * DAY + 12 * HOUR;
      for (const b of view.buckets) {
        expect(b.widthMs, new Date(b.start).toISOString()).to.equal(
          b.start < firstMinute ? HOUR : MINUTE,
        );
      }
      expect(view.buckets.filter((b) => b.widthMs === HOUR)).to.have.length(6 * 24);
      const inWindow = records.filter((r) => r.timestampMs >= since);
      expect(sorted(tally(view.buckets))).to.deep.equal(sorted(tallyRecords(inWindow)));
      const report = requestsQuery(store, '7d', 7 * DAY);
      expect(report.total).to.equal(inWindow.length);
      expect(report.timeseries.step_seconds).to.equal(7200);
    });

    it('merges whole days, hours and quarters in the cover, with the same requests', () => {
      const view = filled().window(7 * DAY);
      const cover = view.cover();
      expect(widths(cover).filter((w) => w === DAY_BUCKET_MS)).to.have.length(6);
      expect(cover.length).to.be.below(80);
      expect(sorted(tally(cover))).to.deep.equal(sorted(tally(view.buckets)));
      // Aligned to 2-hour steps, no day bucket: each bucket falls inside one step.
      for (const b of view.cover(2 * HOUR)) {
        expect(Math.floor(b.start / (2 * HOUR))).to.equal(
          Math.floor((b.start + b.widthMs - 1) / (2 * HOUR)),
        );
      }
    });

    it('keeps percentiles within 1% when they are merged from days, hours and minutes', () => {
      for (const distribution of DISTRIBUTIONS) {
        const clock = new FakeClock(now - 7 * DAY);
        const store = new RequestStore({ now: clock.now, retentionMs: 7 * DAY });
        const values = samples(distribution, 20_000, 99);
        values.forEach((durationMs, i) => {
          clock.set(now - 7 * DAY + Math.floor((i * (7 * DAY - HOUR)) / values.length));
          store.record(request(clock.ms, { durationMs, endpoint: `/e${i % 5}` }));
        });
        clock.set(now);
        const { overall, total_requests } = latencyQuery(store, '7d', 7 * DAY);
        expect(total_requests).to.equal(values.length);
        const exact = [...values].sort((a, b) => a - b);
        for (const [q, got] of [
          [0.5, overall.p50_ms],
          [0.95, overall.p95_ms],
          [0.99, overall.p99_ms],
        ]) {
          const want = exactQuantile(exact, q as number);
          expect(Math.abs((got as number) - want), `${distribution.name} q=${q}`).to.be.at.most(
            0.01 * want + 0.005,
          );
        }
      }
    });

    it('keeps the current hour and the 168 before it; drops and counts anything older', () => {
      const store = filled();
      const oldestKept = T0 + DAY + 12 * HOUR;
      expect(store.record(request(oldestKept - 1))).to.equal(false);
      expect(store.record(request(oldestKept))).to.equal(true);
      expect(store.droppedTooOld).to.equal(1);
    });

    it('still answers for the last open hour after a pause of more than a day', () => {
      const clock = new FakeClock(T0 + 10 * HOUR + 20 * MINUTE);
      const store = new RequestStore({ now: clock.now, retentionMs: 7 * DAY });
      for (let i = 0; i < 5; i++) store.record(request(clock.ms + i * MINUTE));
      clock.advance(3 * DAY); // nothing recorded nor asked for three days
      const view = store.window(7 * DAY);
      expect(total(view.buckets)).to.equal(5);
      expect(total(view.cover())).to.equal(5);
      expect(view.buckets.map((b) => [b.start, b.widthMs])).to.deep.equal([[T0 + 10 * HOUR, HOUR]]);
    });
  });

  describe('RETENTION=24h', () => {
    it('covers a day with hours and quarters, and edge minutes', () => {
      const now = T0 + 2 * DAY + 7 * HOUR + 23 * MINUTE + 10_000;
      const clock = new FakeClock(now - DAY);
      const store = new RequestStore({ now: clock.now });
      for (let t = now - DAY; t <= now; t += 30_000) {
        clock.set(t);
        store.record(request(t, { endpoint: `/e${(t / 30_000) % 4}` }));
      }
      const view = store.window(DAY);
      expect(view.sinceMs).to.equal(now - DAY - 10_000);
      const cover = view.cover();
      const byWidth = (w: number) => widths(cover).filter((x) => x === w).length;
      expect(byWidth(HOUR_BUCKET_MS)).to.equal(23);
      expect(byWidth(QUARTER_BUCKET_MS)).to.equal(2 + 1); // 07:30–08:00 at the start; 07:00–07:15 at the end
      expect(byWidth(MINUTE)).to.equal(7 + 8 + 1);
      expect(cover.length).to.be.below(50);
      expect(sorted(tally(cover))).to.deep.equal(sorted(tally(view.buckets)));
      expect(total(view.buckets)).to.equal(2881); // every 30 s for a day, both ends included
    });
  });

  describe('late records', () => {
    it('reopen closed minutes, quarters, hours and days, and every tier agrees', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now, retentionMs: 3 * DAY });
      for (let t = T0; t < T0 + 2 * DAY; t += 10 * MINUTE) {
        clock.set(t);
        store.record(request(t));
      }
      clock.set(T0 + 2 * DAY + HOUR);
      // Late, into a closed day (only hours and days hold it), a closed hour, a closed quarter, a closed minute.
      const late = [
        T0 + 2 * HOUR + 7 * MINUTE,
        T0 + DAY + 5 * HOUR + 1,
        T0 + 2 * DAY - 3 * MINUTE,
        T0 + 2 * DAY + 40 * MINUTE,
      ];
      for (const t of late) expect(store.record(request(t, { endpoint: '/late' }))).to.equal(true);
      const view = store.window(3 * DAY);
      expect(tally(view.buckets).get('/late 200')).to.equal(4);
      // The window reaches past a day, so it resolves to hours: steps are whole hours.
      expect(view.resolutionMs).to.equal(HOUR);
      for (const align of [undefined, HOUR, 2 * HOUR, DAY]) {
        expect(sorted(tally(view.cover(align))), `aligned to ${align}`).to.deep.equal(
          sorted(tally(view.buckets)),
        );
      }
      // And once more after the late buckets are packed again.
      clock.advance(MINUTE);
      const again = store.window(3 * DAY);
      expect(sorted(tally(again.cover()))).to.deep.equal(sorted(tally(again.buckets)));
      expect(tally(again.cover()).get('/late 200')).to.equal(4);

      // Late into the open quarter and hour: counted once, when they are rolled up.
      clock.set(T0 + 2 * DAY + HOUR + 10 * MINUTE);
      expect(
        store.record(request(T0 + 2 * DAY + HOUR + 2 * MINUTE, { endpoint: '/open' })),
      ).to.equal(true);
      clock.advance(2 * HOUR);
      const later = store.window(DAY);
      expect(tally(later.buckets).get('/open 200')).to.equal(1);
      expect(tally(later.cover()).get('/open 200')).to.equal(1);
    });
  });

  describe('a clock that steps back', () => {
    it('keeps the newest minute as current, so every tier still counts a record once', () => {
      const clock = new FakeClock(T0 + HOUR + 14 * MINUTE + 30_000);
      const store = new RequestStore({ now: clock.now });
      store.record(request(clock.ms));
      clock.set(T0 + HOUR + 16 * MINUTE); // the quarter 01:00–01:15 closes
      store.record(request(clock.ms));
      clock.set(T0 + HOUR + 14 * MINUTE + 40_000); // NTP steps the clock back
      expect(store.record(request(clock.ms, { endpoint: '/back' }))).to.equal(true);
      clock.set(T0 + HOUR + 20 * MINUTE);
      const view = store.window(20 * MINUTE); // the quarter 01:00–01:15 is in the cover
      expect(widths(view.cover())).to.include(QUARTER_BUCKET_MS);
      expect(total(view.buckets)).to.equal(3);
      expect(total(view.cover())).to.equal(3);
      expect(tally(view.cover()).get('/back 200')).to.equal(1);
      clock.set(T0 + 3 * HOUR);
      expect(total(store.window(3 * HOUR).cover())).to.equal(3);
    });
  });

  describe('series limit', () => {
    it('keeps totals exact in every tier while new endpoints fold into overflow', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now, retentionMs: 2 * DAY, seriesLimit: 5 });
      const records: RequestRecord[] = [];
      for (let i = 0; i < 3_000; i++) {
        clock.set(T0 + i * 40_000);
        const rec = request(clock.ms, {
          endpoint: `/e${i % 17}`,
          statusCode: [200, 404, 500][i % 3] as number,
        });
        records.push(rec);
        store.record(rec);
      }
      const view = store.window(2 * DAY);
      const byStatus = (counts: Map<string, number>) => {
        const out = new Map<number, number>();
        for (const [key, n] of counts) {
          const status = Number(key.split(' ')[1]);
          out.set(status, (out.get(status) ?? 0) + n);
        }
        return [...out].sort(([a], [b]) => a - b);
      };
      const expected = byStatus(tallyRecords(records));
      expect(byStatus(tally(view.buckets))).to.deep.equal(expected);
      expect(byStatus(tally(view.cover()))).to.deep.equal(expected);
      expect(total(view.cover())).to.equal(records.length);
      expect([...tally(view.cover()).keys()].some((k) => k.startsWith(OVERFLOW_ENDPOINT))).to.equal(
        true,
      );
      expect(store.overflowedRequests).to.be.above(0);
    });
  });

  describe('cover', () => {
    it('holds exactly the requests of the finest buckets, for any traffic and period', () => {
      const event = fc.oneof(
        fc.record({
          kind: fc.constant('advance' as const),
          ms: fc.oneof(
            fc.integer({ min: 1, max: 10 * MINUTE }),
            fc.integer({ min: 1, max: 6 * HOUR }),
          ),
        }),
        fc.record({
          kind: fc.constant('record' as const),
          // Mostly recent (into the open quarter or hour), sometimes days old.
          ageMs: fc.oneof(
            fc.integer({ min: 0, max: 20 * MINUTE }),
            fc.integer({ min: 0, max: 2 * HOUR }),
            fc.integer({ min: 0, max: 80 * HOUR }),
          ),
          endpoint: fc.integer({ min: 0, max: 3 }),
          status: fc.constantFrom(200, 404, 500),
        }),
        fc.record({
          kind: fc.constant('query' as const),
          periodMs: fc.integer({ min: MINUTE, max: 4 * DAY }),
        }),
      );
      const retention = fc.constantFrom(30 * MINUTE, 2 * HOUR, DAY, 3 * DAY);
      fc.assert(
        fc.property(retention, fc.array(event, { maxLength: 120 }), (retentionMs, events) => {
          const clock = new FakeClock(T0 + 17 * MINUTE + 5_000);
          const store = new RequestStore({ now: clock.now, retentionMs });
          const kept: RequestRecord[] = [];
          for (const e of events) {
            if (e.kind === 'advance') clock.advance(e.ms);
            if (e.kind === 'record') {
              const rec = request(clock.ms - e.ageMs, {
                endpoint: `/e${e.endpoint}`,
                statusCode: e.status,
              });
              if (store.record(rec)) kept.push(rec);
            }
            if (e.kind === 'query') {
              const view = store.window(e.periodMs);
              const inWindow = kept.filter(
                (r) => store.bucketStartOf(r.timestampMs) >= view.sinceMs,
              );
              const expected = sorted(tallyRecords(inWindow));
              expect(sorted(tally(view.buckets))).to.deep.equal(expected);
              expect(sorted(tally(view.cover()))).to.deep.equal(expected);
              expect(sorted(tally(view.cover(2 * HOUR)))).to.deep.equal(expected);
            }
          }
        }),
        { numRuns: 200 },
      );
    });
  });

  describe('#endpointRollups', () => {
    it("merges each endpoint's fine buckets of a time range: the bins the exemplars choose an hour's picks against", () => {
      const registry = new SingleSourceSeries(100);
      const tiers = new BucketTiers(MINUTE, DAY, T0);
      const direct = new Map<string, LiveRollup>();
      const hour = T0 + HOUR;
      // Two hours of requests, one every 7 s; a late one lands in an earlier minute of the hour.
      let current = T0;
      for (let t = T0; t < T0 + 2 * HOUR; t += 7_000) {
        const minute = t - (t % MINUTE);
        if (minute > current) {
          current = minute;
          tiers.advance(current);
        }
        const i = (t - T0) / 7_000;
        const endpoint = `/e${i % 3}`;
        const ms = 1 + ((i * 37) % 900) / 3;
        const late = i % 50 === 49 && minute - 5 * MINUTE >= T0 ? minute - 5 * MINUTE : minute;
        tiers.record(late, current, registry.resolve(endpoint, 'GET', 200, ''), ms);
        if (late >= hour && late < hour + HOUR) {
          const r = direct.get(endpoint) ?? new LiveRollup();
          r.add(ms);
          direct.set(endpoint, r);
        }
      }
      tiers.advance(T0 + 2 * HOUR);
      const got = tiers.endpointRollups(hour, hour + HOUR);
      const binsOf = (r: LiveRollup) => {
        const out = new Map<number, number>();
        r.bins.forEach((n, i) => {
          if (n > 0) out.set(r.lo + i, n);
        });
        return out;
      };
      expect([...got.keys()].map((k) => k.endpoint).sort()).to.deep.equal(
        [...direct.keys()].sort(),
      );
      for (const [key, r] of got) {
        const want = direct.get(key.endpoint) as LiveRollup;
        expect([r.count, r.min, r.max], key.endpoint).to.deep.equal([
          want.count,
          want.min,
          want.max,
        ]);
        expect(r.sum).to.be.closeTo(want.sum, 1e-6 * want.sum);
        expect(binsOf(r)).to.deep.equal(binsOf(want));
      }
    });
  });
});
