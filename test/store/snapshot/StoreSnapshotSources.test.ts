import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { errorsQuery } from '../../../src/dashboard/queries/errorsQuery.js';
import { latencyQuery } from '../../../src/dashboard/queries/latencyQuery.js';
import { requestsQuery } from '../../../src/dashboard/queries/requestsQuery.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import type { SourceFilter } from '../../../src/store/SourceFilter.js';
import {
  checkStoreSnapshot,
  type StoreSnapshot,
} from '../../../src/store/snapshot/StoreSnapshot.js';
import { FakeClock, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';
import { request } from '../../support/records.js';

/** A version 1 snapshot file, written by the build before sources existed (18 requests, 3 minutes). */
const V1_FILE = join(process.cwd(), 'test/fixtures/store-snapshot-v1.json');

function viaJson(snapshot: StoreSnapshot): StoreSnapshot {
  return checkStoreSnapshot(JSON.parse(JSON.stringify(snapshot)));
}

/** Every figure of the hour for a filter. */
function figures(store: RequestStore, filter: SourceFilter = {}) {
  return [
    requestsQuery(store, '1h', HOUR, filter),
    latencyQuery(store, '1h', HOUR, filter),
    errorsQuery(store, '1h', HOUR, filter),
  ];
}

describe('RequestStore snapshots with sources', () => {
  it('restores each source with its figures, counts and last report', () => {
    const clock = new FakeClock(T0 + 10 * MINUTE);
    const store = new RequestStore({ now: clock.now, service: 'api', instance: 'local:1' });
    for (let i = 0; i < 300; i++) {
      const instance = ['a', 'b', 'c'][i % 3] as string;
      store.record(
        request(T0 + (i % 10) * MINUTE, {
          service: i % 2 === 0 ? 'api' : 'web',
          instance,
          statusCode: i % 11 === 0 ? 503 : 200,
          errorType: i % 11 === 0 ? 'ModelError' : undefined,
          durationMs: 1 + (i % 37),
        }),
      );
    }
    const restored = new RequestStore({ now: clock.now, service: 'api', instance: 'local:2' });
    restored.restore(viaJson(store.toSnapshot()));
    // The same sources with the same figures (their order may differ: the table is in bucket order).
    const table = (st: RequestStore) =>
      st
        .sources()
        .map((x) => `${x.service}/${x.instance} ${x.recorded} ${x.lastSeenMs}`)
        .sort();
    expect(table(restored)).to.deep.equal(table(store));
    for (const filter of [
      {},
      { service: 'web' },
      { instance: 'b' },
      { service: 'api', instance: 'c' },
    ]) {
      expect(figures(restored, filter), JSON.stringify(filter)).to.deep.equal(
        figures(store, filter),
      );
    }
  });

  describe('version 1 (before sources)', () => {
    const envelope = JSON.parse(readFileSync(V1_FILE, 'utf8')) as {
      version: number;
      savedAtMs: number;
      payload: unknown;
    };

    it('is the old shape: no sources, four-part series keys', () => {
      expect(envelope.version).to.equal(1);
      const payload = envelope.payload as { sources?: unknown; series: unknown[][] };
      expect(payload.sources).to.equal(undefined);
      expect(payload.series.every((k) => k.length === 4)).to.equal(true);
    });

    it('restores every request into the local identity', () => {
      const clock = new FakeClock(envelope.savedAtMs + 30_000);
      const store = new RequestStore({
        now: clock.now,
        retentionMs: HOUR,
        service: 'api',
        instance: 'host:42',
      });
      store.restore(checkStoreSnapshot(envelope.payload));
      expect(store.sources().map((s) => [s.service, s.instance, s.recorded])).to.deep.equal([
        ['api', 'host:42', 18],
      ]);
      const all = requestsQuery(store, '1h', HOUR);
      expect(all.total).to.equal(18);
      expect(all.by_status).to.deep.equal({ '200': 6, '201': 3, '404': 3, '422': 3, '503': 3 });
      // The local filter gives the same, every figure of it.
      expect(figures(store, { service: 'api', instance: 'host:42' })).to.deep.equal(figures(store));
      const errors = errorsQuery(store, '1h', HOUR);
      expect(errors.recent.length).to.be.greaterThan(0);
      for (const e of errors.recent) expect(e).to.include({ service: 'api', instance: 'host:42' });
      // New local records join the restored ones.
      store.record(request(clock.ms, { endpoint: '/items' }));
      expect(store.sources()).to.have.length(1);
      expect(requestsQuery(store, '1h', HOUR).total).to.equal(19);
    });

    it('writes the current version, with the sources, afterwards', () => {
      const clock = new FakeClock(envelope.savedAtMs + 30_000);
      const store = new RequestStore({ now: clock.now, retentionMs: HOUR, service: 'api' });
      store.restore(checkStoreSnapshot(envelope.payload));
      const snapshot = store.toSnapshot();
      expect(snapshot.sources?.map((s) => [s.service, s.instance, s.recorded])).to.deep.equal([
        ['api', 'local', 18],
      ]);
      expect(snapshot.series.every((k) => k.length === 5)).to.equal(true);
    });
  });

  describe('checkStoreSnapshot', () => {
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
