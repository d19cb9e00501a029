import { RequestStore } from '../../src/store/RequestStore.js';
import { FakeClock, HOUR, MINUTE, T0 } from './fakeClock.js';
import { request } from './records.js';
import { lcgRandom } from './seededRandom.js';

/** A trace id from a number. */
export function traceOf(n: number): string {
  return n.toString(16).padStart(32, '0');
}

/** Records `minutes` of traffic on a few endpoints of two instances, ending at the clock's new time. */
export function recordTraffic(
  store: RequestStore,
  clock: FakeClock,
  minutes: number,
  seed: number,
): void {
  const draw = lcgRandom(seed);
  const end = clock.ms + minutes * MINUTE;
  for (let t = clock.ms; t < end; t += 3_000) {
    clock.set(t);
    for (let k = 0; k < 2; k++) {
      const e = Math.floor(draw() * 5);
      store.record(
        request(t, {
          endpoint: `/e${e}`,
          durationMs: Math.round(draw() * 300) + e,
          traceId: traceOf(Math.floor(draw() * 1e9) + 1),
          instance: k === 1 ? 'remote:1' : undefined,
        }),
      );
    }
  }
  clock.set(end + 20_000);
}

/**
 * Three hours of traffic on a few endpoints of two instances, with durations
 * on a coarse grid (so many exemplars tie in duration and time) and the
 * same trace id reused: what the scanning queries must answer exactly as a
 * query over every materialized exemplar does.
 */
export function tiedExemplarTraffic(): { clock: FakeClock; store: RequestStore } {
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
