import { expect } from 'chai';
import { apdexQuery } from '../../src/dashboard/queries/apdexQuery.js';
import { compareQuery } from '../../src/dashboard/queries/compareQuery.js';
import { errorsQuery } from '../../src/dashboard/queries/errorsQuery.js';
import { latencyQuery } from '../../src/dashboard/queries/latencyQuery.js';
import { overviewQuery } from '../../src/dashboard/queries/overviewQuery.js';
import { requestsQuery } from '../../src/dashboard/queries/requestsQuery.js';
import { saturationQuery } from '../../src/dashboard/queries/saturationQuery.js';
import { sloQuery } from '../../src/dashboard/queries/sloQuery.js';
import { slowestQuery } from '../../src/dashboard/queries/slowestQuery.js';
import { sloSettingsOf } from '../../src/slo/SloSettings.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { DAY, FakeClock, HOUR, MINUTE, T0 } from '../support/fakeClock.js';
import { request } from '../support/records.js';

const WEEK = 7 * DAY;
const SLO = sloSettingsOf({}, DAY, (m) => new Error(m));

/** The clock's steps: forward, back before the start, far forward, back an hour, back a day, forward again. */
const STEPS_MS = [
  0,
  30_000,
  2 * MINUTE,
  -3 * MINUTE,
  -10 * MINUTE,
  HOUR,
  -50 * MINUTE,
  5 * MINUTE,
  -DAY,
  DAY + 2 * HOUR,
  -7 * MINUTE,
  90 * MINUTE,
];

/** Every query's answer over the store, as the dashboard would serve it. */
function everyAnswer(store: RequestStore): Record<string, unknown> {
  return {
    overview: overviewQuery(store, {
      activeRequests: 0,
      saturation: {
        event_loop_delay_p99_ms: 1,
        event_loop_utilization: 0.1,
        heap_used_bytes: 1,
        rss_bytes: 1,
      },
      exporterDroppedSpans: 0,
    }),
    requests: requestsQuery(store, '24h', DAY),
    latency: latencyQuery(store, '1h', HOUR),
    errors: errorsQuery(store, '24h', DAY),
    slowest: slowestQuery(store, '1h', HOUR, undefined, 10),
    saturation: saturationQuery(store, '24h', DAY),
    compare: compareQuery(store, HOUR),
    apdex: apdexQuery(store, SLO, '1h', HOUR),
    slo: sloQuery(store, SLO),
  };
}

/** Paths to every number in `value` that is negative or not finite. */
function badNumbers(value: unknown, path = ''): string[] {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? [] : [`${path} = ${value}`];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => badNumbers(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => badNumbers(v, `${path}.${k}`));
  }
  return [];
}

/**
 * Figures that may rightly be negative: a change between two windows,
 * a budget overspent, a step's start before the epoch never (times are ISO).
 */
const SIGNED = /\.change\.|remaining|budget/;

describe('RequestStore', () => {
  describe('with a clock that jumps back and forth', () => {
    for (const [name, stampOf] of [
      ['records stamped by the same clock', (clock: FakeClock) => clock.ms],
      // The spans' own clock (hrtime from the time origin) keeps going while the wall clock jumps.
      ['records stamped by a steady clock', (_clock: FakeClock, steady: number) => steady],
    ] as const) {
      describe(name, () => {
        it('never throws, counts every request exactly once, and serves no negative or broken figure', () => {
          const clock = new FakeClock(T0);
          // A week's retention: every jump stays inside it, so no request is too old to keep.
          const store = new RequestStore({ now: clock.now, retentionMs: WEEK });
          let steady = T0;
          let newest = T0;
          let sent = 0;
          for (const [i, step] of STEPS_MS.entries()) {
            newest = Math.max(newest, clock.advance(step));
            steady += Math.abs(step);
            for (let k = 0; k < 5; k++) {
              store.record(
                request(stampOf(clock, steady), {
                  durationMs: 1 + k * 10,
                  statusCode: k === 4 ? 500 : 200,
                  errorType: k === 4 ? 'Boom' : undefined,
                  traceId: `${i}-${k}`.padStart(32, '0'),
                }),
              );
              sent++;
            }
            store.recordSaturation({
              eventLoopDelayP99Ms: 1,
              eventLoopUtilization: 0.5,
              heapUsedBytes: 100,
              rssBytes: 200,
            });
            const answers = everyAnswer(store);
            const bad = badNumbers(answers).filter((p) => !SIGNED.test(p));
            expect(bad, `after step ${i} (${step} ms)`).to.deep.equal([]);
            expect(store.totalRecorded).to.equal(sent);
            expect(store.droppedTooOld).to.equal(0);
            // A window that ends at a clock stepped back may leave newer requests out; never counts one twice.
            const requests = answers.requests as { total: number };
            expect(requests.total).to.be.at.most(sent);
          }
          // Back at its newest time, the week's window holds every request exactly once.
          clock.set(newest);
          expect(requestsQuery(store, '7d', WEEK).total).to.equal(sent);
          const errors = errorsQuery(store, '7d', WEEK);
          expect(errors.total_requests).to.equal(sent);
          expect(errors.total_errors).to.equal(STEPS_MS.length);
          const latency = latencyQuery(store, '7d', WEEK);
          expect(latency.overall.p99_ms).to.be.within(40.5, 41.5);
          expect(badNumbers(everyAnswer(store)).filter((p) => !SIGNED.test(p))).to.deep.equal([]);
        });
      });
    }

    it('keeps the uptime at zero or more when the clock steps back before the start', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now });
      clock.advance(-5 * MINUTE);
      const overview = everyAnswer(store).overview as { uptime_seconds: number };
      expect(overview.uptime_seconds).to.be.at.least(0);
    });
  });
});
