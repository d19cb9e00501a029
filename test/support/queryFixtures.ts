import { expect } from 'chai';
import type { RequestRecord } from '../../src/store/RequestRecord.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import type { FakeClock } from './fakeClock.js';

/** Every step a timeseries may use, in seconds. */
export const NICE_STEP_SECONDS = [
  1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080,
].map((m) => m * 60);
/** A per-minute key of the JSON answers: an ISO time on a whole minute. */
export const MINUTE_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/;
/** An ISO time with milliseconds, as the answers print a moment. */
export const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A store on `clock` holding `records`; fails the test if one is dropped. */
export function storeWith(
  clock: FakeClock,
  records: readonly RequestRecord[],
  options: { retentionMs?: number; seriesLimit?: number } = {},
): RequestStore {
  const store = new RequestStore({ ...options, now: clock.now });
  for (const rec of records)
    expect(store.record(rec), `record at ${rec.timestampMs}`).to.equal(true);
  return store;
}

/** Asserts `actual` is within 1% of `exact`, plus `slack` for rounding. */
export function expectWithinOnePercent(
  actual: number,
  exact: number,
  what: string,
  slack = 0,
): void {
  const error = Math.abs(actual - exact);
  expect(error, `${what}: ${actual} vs exact ${exact}`).to.be.at.most(0.01 * exact + slack);
}
