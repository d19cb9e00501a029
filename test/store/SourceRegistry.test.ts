import { expect } from 'chai';
import fc from 'fast-check';
import { requestsQuery } from '../../src/dashboard/queries/requestsQuery.js';
import type { RequestRecord } from '../../src/store/RequestRecord.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { OVERFLOW_ENDPOINT } from '../../src/store/SeriesRegistry.js';
import { OVERFLOW_SOURCE_NAME } from '../../src/store/Source.js';
import { FakeClock, HOUR, MINUTE, T0 } from '../support/fakeClock.js';
import { request } from '../support/records.js';

/** Requests per service/instance in the last hour's buckets, from the series rows. */
function countsBySource(store: RequestStore): Map<string, number> {
  const counts = new Map<string, number>();
  for (const bucket of store.window(HOUR).cover()) {
    bucket.series.forEach((s, row) => {
      const key = `${s.source.service}/${s.source.instance}`;
      counts.set(key, (counts.get(key) ?? 0) + (bucket.counts[row] ?? 0));
    });
  }
  return counts;
}

describe('SourceRegistry', () => {
  // Driven through RequestStore, which owns one and resolves each record's service × instance.
  describe('#resolve, through RequestStore#record', () => {
    it('counts a record without service or instance under the local identity', () => {
      const store = new RequestStore({ now: () => T0, service: 'api', instance: 'host:1' });
      store.record(request(T0));
      const [source] = store.sources();
      expect(source).to.deep.include({ service: 'api', instance: 'host:1', recorded: 1 });
      expect(source?.lastSeenMs).to.equal(T0);
      expect(store.isLocal(source as NonNullable<typeof source>)).to.equal(true);
    });

    it('keeps exact counts per instance that sum to the total', () => {
      const clock = new FakeClock(T0 + 30 * MINUTE);
      const store = new RequestStore({ now: clock.now });
      const sent = new Map<string, number>();
      for (let i = 0; i < 1_000; i++) {
        const service = i % 3 === 0 ? 'web' : 'api';
        const instance = `w${i % 4}`;
        clock.set(T0 + 30 * MINUTE + i);
        store.record(request(clock.ms, { service, instance, statusCode: i % 7 === 0 ? 500 : 200 }));
        const key = `${service}/${instance}`;
        sent.set(key, (sent.get(key) ?? 0) + 1);
      }
      expect(countsBySource(store)).to.deep.equal(sent);
      const recorded = store
        .sources()
        .map((s): [string, number] => [`${s.service}/${s.instance}`, s.recorded]);
      expect(new Map(recorded)).to.deep.equal(sent);
      expect(store.sources().reduce((n, s) => n + s.recorded, 0)).to.equal(store.totalRecorded);
    });

    it('keeps the newest timestamp of each source as its last report, late records aside', () => {
      const store = new RequestStore({ now: () => T0 + MINUTE });
      store.record(request(T0 + 5_000, { service: 'a', instance: '1' }));
      store.record(request(T0 + 1_000, { service: 'a', instance: '1' }));
      store.record(request(T0 + 2_000, { service: 'b', instance: '1' }));
      expect(store.sources().map((s) => s.lastSeenMs)).to.deep.equal([T0 + 5_000, T0 + 2_000]);
    });

    it('forgets a source once its data is past the retention', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now, retentionMs: HOUR });
      store.record(request(clock.ms, { service: 'gone', instance: '1' }));
      clock.advance(2 * HOUR);
      store.record(request(clock.ms, { service: 'here', instance: '1' }));
      expect(store.sources().map((s) => s.service)).to.deep.equal(['here']);
      expect(store.serviceCount).to.equal(1);
    });
  });

  describe('#resolve at the service and instance limits', () => {
    it('holds the series limit per service: a flood of a foreign service leaves ours whole', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now, seriesLimit: 5 });
      for (let i = 0; i < 4; i++) store.record(request(clock.ms, { endpoint: `/ours/${i}` }));
      for (let i = 0; i < 200; i++) {
        store.record(request(clock.ms, { service: 'noisy', instance: 'n', endpoint: `/x/${i}` }));
      }
      // Our service still gets a fifth series of its own.
      store.record(request(clock.ms, { endpoint: '/ours/4' }));
      const ours = requestsQuery(store, '1h', HOUR, { service: 'unknown_service' });
      expect(Object.keys(ours.by_endpoint).sort()).to.deep.equal(
        ['/ours/0', '/ours/1', '/ours/2', '/ours/3', '/ours/4'].sort(),
      );
      const noisy = requestsQuery(store, '1h', HOUR, { service: 'noisy' });
      expect(noisy.total).to.equal(200);
      expect(noisy.by_endpoint[OVERFLOW_ENDPOINT]).to.equal(195);
      expect(store.overflowedRequests).to.equal(195);
      const stats = store.services().find((s) => s.service === 'noisy');
      expect(stats).to.deep.include({ series: 6, overflowedRequests: 195 });
    });

    it('folds services past the service limit into the overflow source, counting each request', () => {
      const store = new RequestStore({ now: () => T0, serviceLimit: 2 });
      for (const service of ['a', 'b', 'c', 'd', 'c']) {
        store.record(request(T0, { service, instance: 'i' }));
      }
      const names = store.sources().map((s) => `${s.service}/${s.instance}`);
      expect(names).to.deep.equal([
        'a/i',
        'b/i',
        `${OVERFLOW_SOURCE_NAME}/${OVERFLOW_SOURCE_NAME}`,
      ]);
      expect(store.overflowedServiceRequests).to.equal(3);
      expect(store.serviceCount).to.equal(3);
      expect(requestsQuery(store, '1h', HOUR).total).to.equal(5);
    });

    it('folds instances past the instance limit into the service’s overflow instance', () => {
      const store = new RequestStore({ now: () => T0, instanceLimit: 3 });
      for (let i = 0; i < 10; i++)
        store.record(request(T0, { service: 'api', instance: `pid-${i}` }));
      store.record(request(T0, { service: 'api', instance: 'pid-1' }));
      const instances = store.sources().map((s) => [s.instance, s.recorded]);
      expect(instances).to.deep.equal([
        ['pid-0', 1],
        ['pid-1', 2],
        ['pid-2', 1],
        [OVERFLOW_SOURCE_NAME, 7],
      ]);
      expect(store.overflowedInstanceRequests).to.equal(7);
      expect(store.services()[0]).to.deep.include({ instances: 4, overflowedInstanceRequests: 7 });
    });

    it('rejects limits that are not positive integers', () => {
      for (const bad of [0, -1, 1.5, Number.NaN]) {
        expect(() => new RequestStore({ serviceLimit: bad })).to.throw(RangeError, /serviceLimit/);
        expect(() => new RequestStore({ instanceLimit: bad })).to.throw(
          RangeError,
          /instanceLimit/,
        );
      }
    });

    it('keeps memory bounded: series never exceed services × (limit + overflow rows)', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({
        now: clock.now,
        seriesLimit: 10,
        serviceLimit: 3,
        instanceLimit: 2,
      });
      for (let i = 0; i < 20_000; i++) {
        store.record(
          request(clock.ms, {
            service: `s${i % 7}`,
            instance: `i${i % 5}`,
            endpoint: `/e/${i}`,
          }),
        );
      }
      expect(store.serviceCount).to.equal(4);
      expect(store.sourceCount).to.be.at.most(4 * 3);
      // Each service: its limit, plus one overflow series per instance (one method and status here).
      expect(store.seriesCount).to.be.at.most(4 * (10 + 3));
      expect(
        store.overflowedRequests +
          store.overflowedServiceRequests +
          store.overflowedInstanceRequests,
      ).to.be.greaterThan(0);
    });
  });

  describe('property: per-source views partition the union', () => {
    const recordArb = fc.record({
      service: fc.constantFrom('api', 'web', 'worker', undefined),
      instance: fc.constantFrom('1', '2', '3', undefined),
      endpoint: fc.constantFrom('/a', '/b/:id', 'unmatched'),
      statusCode: fc.constantFrom(200, 201, 404, 500, 503),
      minute: fc.integer({ min: 0, max: 59 }),
      durationMs: fc.double({ min: 0, max: 2_000, noNaN: true }),
    });
    it('sums every instance’s requests, errors and statuses to the unfiltered answer', () => {
      fc.assert(
        fc.property(
          fc.array(recordArb, { maxLength: 300 }),
          fc.integer({ min: 1, max: 4 }),
          (recs, limit) => {
            const now = T0 + HOUR - 1;
            const store = new RequestStore({
              now: () => now,
              seriesLimit: limit * 3,
              serviceLimit: limit,
            });
            for (const r of recs) {
              const rec: RequestRecord = request(T0 + r.minute * MINUTE, {
                service: r.service,
                instance: r.instance,
                endpoint: r.endpoint,
                statusCode: r.statusCode,
                durationMs: r.durationMs,
              });
              store.record(rec);
            }
            const all = requestsQuery(store, '1h', HOUR);
            let total = 0;
            const byStatus = new Map<string, number>();
            for (const s of store.sources()) {
              const one = requestsQuery(store, '1h', HOUR, {
                service: s.service,
                instance: s.instance,
              });
              expect(one.total).to.equal(s.recorded);
              total += one.total;
              for (const [k, v] of Object.entries(one.by_status)) {
                byStatus.set(k, (byStatus.get(k) ?? 0) + v);
              }
            }
            expect(total).to.equal(all.total);
            expect(total).to.equal(recs.length);
            expect(Object.fromEntries(byStatus)).to.deep.equal(all.by_status);
          },
        ),
        { numRuns: 60, seed: 10 },
      );
    });
  });
});
