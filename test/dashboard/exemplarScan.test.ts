import { expect } from 'chai';
import { exemplarJson, nearestExemplar } from '../../src/dashboard/queries/exemplarJson.js';
import { emptySketch, quantile } from '../../src/dashboard/queries/LatencySummary.js';
import { latencyQuery } from '../../src/dashboard/queries/latencyQuery.js';
import { slowestQuery } from '../../src/dashboard/queries/slowestQuery.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { FakeClock, HOUR, MINUTE, T0 } from '../support/fakeClock.js';
import { request } from '../support/records.js';
import { lcgRandom } from '../support/seededRandom.js';

/**
 * Three hours of traffic on a few endpoints of two instances, with durations
 * on a coarse grid (so many exemplars tie in duration and time) and the
 * same trace id reused: what the scanning queries must answer exactly as a
 * query over every materialized exemplar does.
 */
function traffic(): { clock: FakeClock; store: RequestStore } {
  const clock = new FakeClock(T0);
  const store = new RequestStore({ now: clock.now });
  const draw = lcgRandom(11);
  for (let t = T0; t < T0 + 3 * HOUR; t += 2_000) {
    clock.set(t);
    for (let k = 0; k < 3; k++) {
      const e = Math.floor(draw() * 4);
      store.record(
        request(t - (k % 2) * 1_000, {
          endpoint: `/e${e}`,
          durationMs: Math.round(draw() * 40) * 5 + e,
          traceId: `${(Math.floor(draw() * 50) + 1).toString(16).padStart(32, '0')}`,
          instance: k === 2 ? 'remote:1' : undefined,
        }),
      );
    }
  }
  clock.set(T0 + 3 * HOUR + 30_000);
  return { clock, store };
}

describe('exemplar queries scan the held exemplars without building them all', () => {
  const { store } = traffic();

  for (const [period, ms] of [
    ['30m', 30 * MINUTE],
    ['2h', 2 * HOUR],
    ['3h', 3 * HOUR],
  ] as const) {
    it(`picks, over ${period}, the same exemplars near p95 and p99 as a search over all of them`, () => {
      const report = latencyQuery(store, period, ms);
      const view = store.window(ms);
      const held = store.exemplarsSince(view.sinceMs, () => true);
      expect(held.length).to.be.greaterThan(100);
      const overall = emptySketch();
      const endpoints = Object.keys(report.exemplars.by_endpoint);
      expect(endpoints).to.have.length(4);
      for (const endpoint of endpoints) {
        const merged = emptySketch();
        for (const bucket of view.cover()) {
          bucket.endpoints.forEach((key, row) => {
            if (key.endpoint === endpoint) bucket.mergeEndpointInto(row, merged);
          });
        }
        overall.merge(merged);
        const mine = held.filter((e) => e.endpoint === endpoint);
        expect(report.exemplars.by_endpoint[endpoint]).to.deep.equal({
          p95: nearestExemplar(mine, quantile(merged, 0.95)),
          p99: nearestExemplar(mine, quantile(merged, 0.99)),
        });
      }
      expect(report.exemplars.overall).to.deep.equal({
        p95: nearestExemplar(held, quantile(overall, 0.95)),
        p99: nearestExemplar(held, quantile(overall, 0.99)),
      });
    });

    it(`lists, over ${period}, the same slowest requests as sorting all of them`, () => {
      const sinceMs = store.window(ms).sinceMs;
      const held = store
        .exemplarsSince(sinceMs, () => true)
        .sort((a, b) => b.durationMs - a.durationMs || b.timestampMs - a.timestampMs);
      const seen = new Set<string>();
      const expected = held
        .filter((e) => {
          const id = `${e.traceId}|${e.timestampMs}|${e.durationMs}|${e.endpoint}|${e.instance}`;
          if (seen.has(id)) return false;
          seen.add(id);
          return true;
        })
        .map(exemplarJson);
      for (const limit of [1, 7, 20, 100]) {
        const got = slowestQuery(store, period, ms, undefined, limit).requests;
        expect(got).to.deep.equal(expected.slice(0, limit));
      }
      const one = slowestQuery(store, period, ms, '/e2', 20).requests;
      expect(one).to.deep.equal(expected.filter((e) => e.endpoint === '/e2').slice(0, 20));
    });
  }
});
