import { expect } from 'chai';
import { errorsQuery } from '../../../src/dashboard/queries/errorsQuery.js';
import { latencyQuery } from '../../../src/dashboard/queries/latencyQuery.js';
import { requestsQuery } from '../../../src/dashboard/queries/requestsQuery.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import { checkStoreSnapshot } from '../../../src/store/snapshot/StoreSnapshot.js';
import { DAY, FakeClock, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';
import { request } from '../../support/records.js';
import { seededRandom } from '../../support/seededRandom.js';
import { snapshotViaJson } from '../../support/snapshotViaJson.js';

const ENDPOINTS = ['/predict', '/users/:id', '/orders/:id', 'unmatched'];
const STATUSES = [200, 200, 200, 200, 201, 404, 422, 500, 503];

/** Records `perMinute` requests a minute for `minutes` minutes, ending at the clock's time. */
function fill(
  store: RequestStore,
  clock: FakeClock,
  minutes: number,
  perMinute: number,
  seed: number,
) {
  const random = seededRandom(seed);
  const end = clock.ms;
  for (let m = minutes; m >= 0; m--) {
    for (let i = 0; i < perMinute; i++) {
      clock.set(end - m * MINUTE + Math.floor((i * MINUTE) / perMinute));
      const status = STATUSES[Math.floor(random() * STATUSES.length)] as number;
      store.record({
        timestampMs: clock.ms,
        durationMs: 0.2 + 500 * random() ** 3,
        endpoint: ENDPOINTS[Math.floor(random() * ENDPOINTS.length)] as string,
        method: random() < 0.8 ? 'POST' : 'GET',
        statusCode: status,
        errorType: status >= 400 ? `E${status}` : undefined,
        errorMessage: status >= 400 ? `failed with ${status}` : undefined,
        traceId: status >= 400 ? `${i}`.padStart(32, '0') : undefined,
      });
    }
  }
  clock.set(end);
}

/** Every dashboard figure that comes from the store, for several periods. */
function figures(store: RequestStore) {
  const out: unknown[] = [];
  for (const [period, ms] of [
    ['15m', 15 * MINUTE],
    ['1h', HOUR],
    ['6h', 6 * HOUR],
    ['24h', DAY],
    ['7d', 7 * DAY],
  ] as const) {
    out.push(
      requestsQuery(store, period, ms),
      latencyQuery(store, period, ms),
      errorsQuery(store, period, ms),
    );
  }
  return {
    out,
    total: store.totalRecorded,
    series: store.seriesCount,
    overflow: store.overflowedRequests,
  };
}

/** Through JSON and back, as the snapshot file does. */

describe('RequestStore snapshots', () => {
  for (const [name, retentionMs, minutes] of [
    ['24h retention, 26 hours of traffic', DAY, 26 * 60],
    ['7d retention, 3 days of traffic (hour and day buckets)', 7 * DAY, 3 * 24 * 60],
    ['30m retention', 30 * MINUTE, 90],
  ] as const) {
    describe(name, () => {
      it('restores every figure identically at the same time', () => {
        const clock = new FakeClock(T0 + 10 * DAY + 17 * MINUTE + 5_000);
        const store = new RequestStore({ retentionMs, now: clock.now, seriesLimit: 12 });
        fill(store, clock, minutes, 20, 7);
        const restored = new RequestStore({ retentionMs, now: clock.now, seriesLimit: 12 });
        restored.restore(snapshotViaJson(store.toSnapshot()));
        expect(figures(restored)).to.deep.equal(figures(store));
      });

      it('restores later with the same figures as a store that kept running, past buckets dropped', () => {
        const clock = new FakeClock(T0 + 10 * DAY + 17 * MINUTE + 5_000);
        const store = new RequestStore({ retentionMs, now: clock.now, seriesLimit: 12 });
        fill(store, clock, minutes, 20, 11);
        const snapshot = snapshotViaJson(store.toSnapshot());
        clock.advance(3 * HOUR + 20 * MINUTE);
        const restored = new RequestStore({ retentionMs, now: clock.now, seriesLimit: 12 });
        restored.restore(snapshot);
        expect(figures(restored)).to.deep.equal(figures(store));
        // And both keep counting alike.
        fill(store, clock, 5, 10, 13);
        fill(restored, clock, 5, 10, 13);
        expect(figures(restored)).to.deep.equal(figures(store));
      });
    });
  }

  it('continues the current minute after a restart within it', () => {
    const clock = new FakeClock(T0 + DAY + 30_000);
    const store = new RequestStore({ now: clock.now });
    fill(store, clock, 3, 10, 3);
    const restored = new RequestStore({ now: clock.now });
    restored.restore(snapshotViaJson(store.toSnapshot()));
    clock.advance(1_000);
    for (const s of [store, restored]) {
      s.record({
        timestampMs: clock.ms,
        durationMs: 5,
        endpoint: '/predict',
        method: 'POST',
        statusCode: 200,
      });
    }
    expect(figures(restored)).to.deep.equal(figures(store));
  });

  it('drops everything older than the retention when restored much later', () => {
    const clock = new FakeClock(T0 + DAY);
    const store = new RequestStore({ now: clock.now });
    fill(store, clock, 60, 5, 5);
    const snapshot = snapshotViaJson(store.toSnapshot());
    clock.advance(2 * DAY);
    const restored = new RequestStore({ now: clock.now });
    const result = restored.restore(snapshot);
    expect(result.kept).to.equal(0);
    expect(result.dropped).to.be.above(0);
    expect(requestsQuery(restored, '24h', DAY).total).to.equal(0);
    expect(errorsQuery(restored, '24h', DAY).recent).to.deep.equal([]);
    expect(restored.totalRecorded).to.equal(store.totalRecorded);
  });

  it('rejects a snapshot whose packed arrays are damaged, and stays empty', () => {
    const clock = new FakeClock(T0 + DAY);
    const store = new RequestStore({ now: clock.now });
    fill(store, clock, 10, 5, 9);
    const snapshot = JSON.parse(JSON.stringify(store.toSnapshot())) as {
      tiers: { buckets: { numbers: string; layout: string }[] }[];
    };
    const bucket = snapshot.tiers[0]?.buckets[0];
    if (bucket === undefined) throw new Error('no bucket to damage');
    bucket.numbers = bucket.numbers.slice(0, 8);
    const restored = new RequestStore({ now: clock.now });
    expect(() => restored.restore(checkStoreSnapshot(snapshot))).to.throw(RangeError);
    expect(restored.totalRecorded).to.equal(0);
    expect(requestsQuery(restored, '1h', HOUR).total).to.equal(0);
  });

  it('rejects a snapshot of another bucket width', () => {
    const clock = new FakeClock(T0 + DAY);
    const store = new RequestStore({ now: clock.now, bucketMs: 30_000, retentionMs: HOUR });
    fill(store, clock, 10, 5, 9);
    const restored = new RequestStore({ now: clock.now, retentionMs: HOUR });
    expect(() => restored.restore(snapshotViaJson(store.toSnapshot()))).to.throw(
      RangeError,
      /30000 ms/,
    );
  });

  describe('checkStoreSnapshot', () => {
    const clock = new FakeClock(T0 + DAY);
    const store = new RequestStore({ now: clock.now });
    fill(store, clock, 3, 5, 1);
    const good = JSON.parse(JSON.stringify(store.toSnapshot())) as Record<string, unknown>;
    const damaged: [string, (s: Record<string, unknown>) => void, RegExp][] = [
      ['a missing counter', (s) => delete s.recorded, /recorded/],
      [
        'a series key of the wrong shape',
        (s) => ((s.series as unknown[])[0] = ['x']),
        /series\[0\]/,
      ],
      ['tiers that are not an array', (s) => (s.tiers = {}), /tiers/],
      [
        'a bucket pointing at an unknown series',
        (s) => {
          const tiers = s.tiers as { buckets: { series: number[] }[] }[];
          (tiers[0]?.buckets[0] as { series: number[] }).series = [999];
        },
        /buckets\[0\]\.series/,
      ],
      [
        'an error entry without a message',
        (s) => ((s.errors as object[])[0] = { timestampMs: 1, statusCode: 500 }),
        /errors\[0\]/,
      ],
      ['null', () => {}, /payload/],
    ];
    for (const [name, damage, message] of damaged) {
      it(`rejects ${name}`, () => {
        const copy = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
        damage(copy);
        expect(() => checkStoreSnapshot(name === 'null' ? null : copy)).to.throw(message);
      });
    }
    it('accepts a real snapshot', () => {
      expect(() => checkStoreSnapshot(good)).not.to.throw();
    });
  });

  describe('checkStoreSnapshot, of sources', () => {
    const good = () => {
      const store = new RequestStore({ now: () => T0 });
      store.record(request(T0, { service: 's', instance: 'i', statusCode: 500 }));
      return JSON.parse(JSON.stringify(store.toSnapshot())) as Record<string, unknown>;
    };
    const damages: [string, (s: Record<string, unknown>) => void, RegExp][] = [
      [
        'a source without a service',
        (s) => ((s.sources as object[])[0] = { instance: 'i' }),
        /sources\[0\]/,
      ],
      [
        'a series naming a missing source',
        (s) => Object.assign((s.series as unknown[][])[0] ?? [], { 4: 7 }),
        /series\[0\]/,
      ],
      [
        'endpoint sources of the wrong length',
        (s) => {
          const tier = (s.tiers as { buckets: { endpointSources: number[] }[] }[])[0];
          if (tier?.buckets[0] !== undefined) tier.buckets[0].endpointSources = [0, 0];
        },
        /endpointSources/,
      ],
      [
        'an error with a numeric service',
        (s) => Object.assign((s.errors as object[])[0] ?? {}, { service: 1 }),
        /errors\[0\]\.service/,
      ],
    ];
    for (const [name, damage, pattern] of damages) {
      it(`rejects ${name}`, () => {
        const snapshot = good();
        damage(snapshot);
        expect(() => checkStoreSnapshot(snapshot)).to.throw(pattern);
      });
    }
  });
});
