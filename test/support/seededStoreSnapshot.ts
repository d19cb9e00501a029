import { RequestStore } from '../../src/store/RequestStore.js';
import type { StoreSnapshot } from '../../src/store/snapshot/StoreSnapshot.js';
import { FakeClock, HOUR, MINUTE, T0 } from './fakeClock.js';
import { seededRandom } from './seededRandom.js';

/** Retention of the seeded store: past the fine span, so every tier (and the drill-down hours) is written. */
export const SEEDED_RETENTION_MS = 26 * HOUR;
/** Bucket width of the seeded store: five minutes, to keep the fixture small. */
export const SEEDED_BUCKET_MS = 5 * MINUTE;

const ENDPOINTS = ['/users/:id', '/orders', '/predict', '/health'];
const METHODS = ['GET', 'POST'];
const SOURCES = [
  ['checkout', 'w:1'],
  ['checkout', 'w:2'],
  [undefined, undefined],
] as const;

/**
 * A store fed 27 hours of seeded traffic (every third minute) by an injected clock: three
 * sources, errors with messages, late records and a saturation sample
 * each such minute. The same seed always gives the same store, so its
 * snapshot is pinned to a fixture.
 */
export function seededStore(): { store: RequestStore; clock: FakeClock } {
  const random = seededRandom(24);
  const clock = new FakeClock(T0);
  const store = new RequestStore({
    retentionMs: SEEDED_RETENTION_MS,
    bucketMs: SEEDED_BUCKET_MS,
    now: clock.now,
  });
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  // Traffic in every third minute only: the tiers still fill, the fixture stays small.
  for (let minute = 0; minute < 27 * 60; minute += 3) {
    const perMinute = Math.floor(random() * 2.5);
    for (let k = 0; k < perMinute; k++) {
      clock.set(T0 + minute * MINUTE + Math.floor(random() * MINUTE));
      const [service, instance] = pick(SOURCES);
      const error = random() < 0.15;
      const late = random() < 0.05 ? Math.floor(random() * 3 * HOUR) : 0;
      store.record({
        timestampMs: clock.ms - late,
        durationMs: Math.round(random() ** 3 * 2_000 * 1_000) / 1_000,
        endpoint: pick(ENDPOINTS),
        method: pick(METHODS),
        service,
        instance,
        statusCode: error ? pick([400, 404, 500, 503]) : 200,
        errorType: error ? pick(['ValidationError', 'ModelError', undefined]) : undefined,
        errorMessage: error ? `failed for id ${Math.floor(random() * 1_000)} at /a?token=x` : '',
        traceId: Math.floor(random() * 2 ** 32)
          .toString(16)
          .padStart(32, '0'),
      });
    }
    store.recordSaturation({
      eventLoopDelayP99Ms: Math.round(random() * 50),
      eventLoopUtilization: Math.round(random() * 100) / 100,
      heapUsedBytes: 1_000_000 + Math.floor(random() * 1_000_000),
      rssBytes: 5_000_000 + Math.floor(random() * 1_000_000),
      peakActiveRequests: Math.floor(random() * 10),
    });
  }
  clock.set(T0 + 27 * HOUR + 30_000);
  return { store, clock };
}

/** The snapshot of {@link seededStore}, as JSON text. */
export function seededSnapshotJson(): string {
  const snapshot: StoreSnapshot = seededStore().store.toSnapshot();
  return JSON.stringify(snapshot);
}
