import { RequestStore } from '../../src/store/RequestStore.js';
import { reusableRecord, type ShapePool } from './syntheticTraffic.js';

/** Midnight UTC, 2024-01-01: the simulated start of traffic. */
export const SIM_START_MS = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

/** A store filled with simulated traffic, and what was recorded. */
export interface FilledStore {
  readonly store: RequestStore;
  /** Requests recorded. */
  readonly requests: number;
  /** The simulated clock, left at the end of the traffic. */
  readonly nowMs: number;
  /** Wall-clock seconds the fill took. */
  readonly seconds: number;
}

/**
 * Records `hours` of traffic into a new store through the real
 * `RequestStore.record`, one request at a time, with the injected clock
 * moving with the timestamps: `recentRps` requests a second for the last
 * 24 hours, `olderRps` before that. Request shapes cycle through `pool`.
 */
export function fillStore(
  pool: ShapePool,
  options: { hours: number; recentRps: number; olderRps?: number; retentionMs: number },
): FilledStore {
  let now = SIM_START_MS;
  const store = new RequestStore({ now: () => now, retentionMs: options.retentionMs });
  const rec = reusableRecord();
  const end = SIM_START_MS + options.hours * HOUR;
  const recentFrom = end - 24 * HOUR;
  const started = performance.now();
  let n = 0;
  for (let second = SIM_START_MS; second < end; second += 1000) {
    const rps = second >= recentFrom ? options.recentRps : (options.olderRps ?? options.recentRps);
    for (let k = 0; k < rps; k++) {
      now = second + Math.floor((k * 1000) / rps);
      pool.fill(rec, n++, now);
      store.record(rec);
    }
  }
  now = end;
  return { store, requests: n, nowMs: now, seconds: (performance.now() - started) / 1000 };
}
