import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { errorsQuery } from '../../../src/dashboard/queries/errorsQuery.js';
import { latencyQuery } from '../../../src/dashboard/queries/latencyQuery.js';
import { requestsQuery } from '../../../src/dashboard/queries/requestsQuery.js';
import { slowestQuery } from '../../../src/dashboard/queries/slowestQuery.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import type { SourceFilter } from '../../../src/store/SourceFilter.js';
import {
  checkStoreSnapshot,
  READABLE_STORE_SNAPSHOT_VERSIONS,
  STORE_SNAPSHOT_VERSION,
} from '../../../src/store/snapshot/StoreSnapshot.js';
import { FakeClock, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';
import { request } from '../../support/records.js';
import { snapshotViaJson } from '../../support/snapshotViaJson.js';

/** A version 1 snapshot file, written by the build before sources existed (18 requests, 3 minutes). */
const V1_FILE = join(process.cwd(), 'test/fixtures/store-snapshot-v1.json');

/** Every figure of the hour for a filter. */
function figures(store: RequestStore, filter: SourceFilter = {}) {
  return [
    requestsQuery(store, '1h', HOUR, filter),
    latencyQuery(store, '1h', HOUR, filter),
    errorsQuery(store, '1h', HOUR, filter),
  ];
}

/**
 * A version 2 snapshot file written by main's build before buckets were
 * packed into one buffer (commit 0b36bf5: 70 minutes of traffic, two
 * sources, a 1 h retention, so minute, quarter and hour buckets), with the
 * figures that build answered at the time of saving.
 */
const V2_FILE = join(process.cwd(), 'test/fixtures/store-snapshot-v2.json');

interface V2File {
  version: number;
  savedAtMs: number;
  payload: unknown;
  figures: Record<string, unknown[]>;
}

const QUERIES: Record<string, [string, number, SourceFilter]> = {
  '1h all': ['1h', HOUR, {}],
  '20m w:2': ['20m', 20 * MINUTE, { instance: 'w:2' }],
};

/** `actual` with only the object keys that `expected` has, at every depth. */
function shapedLike(actual: unknown, expected: unknown): unknown {
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return actual.map((a, i) => shapedLike(a, expected[i]));
  }
  if (isObject(actual) && isObject(expected)) {
    return Object.fromEntries(
      Object.keys(expected)
        .filter((k) => k in actual)
        .map((k) => [k, shapedLike(actual[k], expected[k])]),
    );
  }
  return actual;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

describe('restoreStoreSnapshot', () => {
  // Through RequestStore#restore, which hands a checked snapshot to it.
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
    restored.restore(snapshotViaJson(store.toSnapshot()));
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

  describe('version 2 (written by the previous packing)', () => {
    const file = JSON.parse(readFileSync(V2_FILE, 'utf8')) as V2File;

    it('is read by this build, which writes a newer version', () => {
      expect(file.version).to.equal(2);
      expect(READABLE_STORE_SNAPSHOT_VERSIONS).to.include(2);
      expect(STORE_SNAPSHOT_VERSION).to.be.greaterThan(2);
    });

    it('restores to the very figures the old build answered', () => {
      const store = new RequestStore({ now: () => file.savedAtMs, retentionMs: HOUR });
      const result = store.restore(checkStoreSnapshot(file.payload));
      expect(result.kept).to.be.greaterThan(60);
      for (const [name, [period, periodMs, filter]] of Object.entries(QUERIES)) {
        const figures = [
          requestsQuery(store, period, periodMs, filter),
          latencyQuery(store, period, periodMs, filter),
          errorsQuery(store, period, periodMs, filter),
        ];
        // Fields added since (the drill-down's exemplars and error groups) are
        // not in the old build's figures; every field it answered must match.
        const actual = shapedLike(JSON.parse(JSON.stringify(figures)), file.figures[name]);
        expect(actual, name).to.deep.equal(file.figures[name]);
      }
    });

    it('saves again in the new version and restores to the same figures', () => {
      const first = new RequestStore({ now: () => file.savedAtMs, retentionMs: HOUR });
      first.restore(checkStoreSnapshot(file.payload));
      const again = new RequestStore({ now: () => file.savedAtMs, retentionMs: HOUR });
      again.restore(checkStoreSnapshot(JSON.parse(JSON.stringify(first.toSnapshot()))));
      for (const [name, [period, periodMs, filter]] of Object.entries(QUERIES)) {
        expect(latencyQuery(again, period, periodMs, filter), name).to.deep.equal(
          latencyQuery(first, period, periodMs, filter),
        );
        expect(requestsQuery(again, period, periodMs, filter), name).to.deep.equal(
          requestsQuery(first, period, periodMs, filter),
        );
      }
    });
  });

  describe('a version 2 snapshot (written by the build before the drill-down)', () => {
    /** 18 requests over 3 minutes of service api, instance web-1, 6 of them errors. */
    const envelope = JSON.parse(
      readFileSync(join(process.cwd(), 'test/fixtures/store-snapshot-v2-drill.json'), 'utf8'),
    ) as { version: number; savedAtMs: number; payload: unknown };

    it('restores with its figures, and empty drill-down history that then fills', () => {
      expect(envelope.version).to.equal(2);
      const clock = new FakeClock(envelope.savedAtMs + MINUTE);
      const store = new RequestStore({ now: clock.now, retentionMs: HOUR });
      store.restore(checkStoreSnapshot(envelope.payload));
      expect(requestsQuery(store, '1h', HOUR).total).to.equal(18);
      const errors = errorsQuery(store, '1h', HOUR);
      expect(errors.total_errors).to.equal(6);
      expect(errors.groups).to.deep.equal([]);
      expect(slowestQuery(store, '1h', HOUR, undefined, 10).requests).to.deep.equal([]);
      store.record(
        request(clock.ms, {
          statusCode: 404,
          errorMessage: 'item 7 failed',
          traceId: 'a'.repeat(32),
        }),
      );
      expect(errorsQuery(store, '1h', HOUR).groups.map((g) => [g.template, g.count])).to.deep.equal(
        [['item <n> failed', 1]],
      );
      // And it is written back as version 3 with every part.
      const again = snapshotViaJson(store.toSnapshot());
      expect(again.exemplars).to.not.equal(undefined);
      expect(again.errorGroups?.groups).to.have.length(1);
    });
  });

  describe('span ids (issue 22)', () => {
    /** Requests with span ids, one a minute for 4 minutes up to the clock's minute (the clock follows), the last minute's with an error. */
    function storeWithSpanIds(clock: FakeClock): RequestStore {
      const store = new RequestStore({ now: clock.now, retentionMs: HOUR });
      clock.advance(-3 * MINUTE);
      for (let m = 3; m >= 0; m--) {
        const n = String(m + 1);
        store.record(
          request(clock.ms, { durationMs: 100 + m, traceId: n.repeat(32), spanId: n.repeat(16) }),
        );
        if (m > 0) clock.advance(MINUTE);
      }
      store.record(
        request(clock.ms, {
          statusCode: 503,
          errorMessage: 'down',
          traceId: 'e'.repeat(32),
          spanId: 'f'.repeat(16),
        }),
      );
      return store;
    }

    it('keeps the span id beside the trace id of every exemplar and error, through a snapshot', () => {
      const clock = new FakeClock(T0 + HOUR + 5 * MINUTE + 30_000);
      const store = storeWithSpanIds(clock);
      const restored = new RequestStore({ now: clock.now, retentionMs: HOUR });
      restored.restore(snapshotViaJson(store.toSnapshot()));
      // The minute saved while live is answered once a later request closes it.
      clock.advance(MINUTE);
      for (const s of [store, restored]) {
        s.record(request(clock.ms, { durationMs: 1 }));
        const slowest = slowestQuery(s, '1h', HOUR, undefined, 10).requests;
        expect(
          slowest.filter((r) => r.trace_id !== '').map((r) => [r.trace_id[0], r.span_id]),
        ).to.have.deep.members([
          ['1', '1'.repeat(16)],
          ['2', '2'.repeat(16)],
          ['3', '3'.repeat(16)],
          ['4', '4'.repeat(16)],
          ['e', 'f'.repeat(16)],
        ]);
        expect(errorsQuery(s, '1h', HOUR).recent[0]).to.deep.include({
          trace_id: 'e'.repeat(32),
          span_id: 'f'.repeat(16),
        });
        const { p95, p99 } = latencyQuery(s, '1h', HOUR).exemplars.overall;
        for (const e of [p95, p99]) {
          expect(e?.span_id, e?.trace_id).to.equal(e?.trace_id.slice(0, 16));
        }
      }
    });

    it("restores a snapshot written without span ids, answering span_id ''", () => {
      const clock = new FakeClock(T0 + HOUR + 5 * MINUTE + 30_000);
      const saved = JSON.parse(JSON.stringify(storeWithSpanIds(clock).toSnapshot()));
      // As the build before span ids wrote it: five-part exemplars, six-part
      // slowest requests, errors without spanId.
      const strip = (v: unknown): unknown => {
        if (Array.isArray(v)) {
          const spanned = (n: number) =>
            v.length === n + 1 && typeof v[0] === 'string' && typeof v[n] === 'string';
          if (spanned(6)) return v.slice(0, 6);
          return (spanned(5) ? v.slice(0, 5) : v).map(strip);
        }
        if (v !== null && typeof v === 'object') {
          return Object.fromEntries(
            Object.entries(v)
              .filter(([k]) => k !== 'spanId')
              .map(([k, x]) => [k, strip(x)]),
          );
        }
        return v;
      };
      const old = strip(saved);
      expect(JSON.stringify(old)).to.not.include('f'.repeat(16));
      const restored = new RequestStore({ now: clock.now, retentionMs: HOUR });
      restored.restore(checkStoreSnapshot(old));
      clock.advance(MINUTE);
      restored.record(request(clock.ms, { durationMs: 1 }));
      const slowest = slowestQuery(restored, '1h', HOUR, undefined, 10).requests;
      expect(slowest.filter((r) => r.trace_id !== '')).to.have.length(5);
      expect(slowest.every((r) => r.span_id === '')).to.equal(true);
      expect(errorsQuery(restored, '1h', HOUR).recent[0]?.span_id).to.equal('');
    });
  });
});
