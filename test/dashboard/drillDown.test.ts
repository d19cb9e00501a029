import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { type ReadableSpan, TracerProvider } from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import { errorsQuery } from '../../src/dashboard/queries/errorsQuery.js';
import { latencyQuery } from '../../src/dashboard/queries/latencyQuery.js';
import { requestsQuery } from '../../src/dashboard/queries/requestsQuery.js';
import { saturationQuery } from '../../src/dashboard/queries/saturationQuery.js';
import { slowestQuery } from '../../src/dashboard/queries/slowestQuery.js';
import type { RequestRecord } from '../../src/store/RequestRecord.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { checkStoreSnapshot, type StoreSnapshot } from '../../src/store/snapshot/StoreSnapshot.js';
import { spanToRequest } from '../../src/telemetry/spanToRequest.js';
import { FakeClock, HOUR, MINUTE, T0 } from '../support/fakeClock.js';
import { request } from '../support/records.js';
import { lcgRandom } from '../support/seededRandom.js';

function viaJson(snapshot: StoreSnapshot): StoreSnapshot {
  return checkStoreSnapshot(JSON.parse(JSON.stringify(snapshot)));
}

const tracer = new TracerProvider({ spanProcessors: [] }).getTracer('drill-down-test');

/** A real SDK server span of one request, ended: what the exporter hands to spanToRequest. */
function serverSpan(endMs: number, durationMs: number, route: string, status = 200, message = '') {
  const span = tracer.startSpan(`GET ${route}`, {
    kind: SpanKind.SERVER,
    startTime: endMs - durationMs,
    attributes: {
      'http.request.method': 'GET',
      'http.route': route,
      'http.response.status_code': status,
    },
  });
  if (status >= 400) {
    span.recordException({ name: 'NotFoundError', message });
    span.setAttribute('error.type', 'NotFoundError');
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  }
  span.end(endMs);
  return span as unknown as ReadableSpan;
}

/**
 * `minutes` of traffic through real spans: `perMinute` requests a minute
 * on /predict between 50 and 500 ms, and one deliberately slow one a
 * minute (2 s and more). Returns the store and the slow requests' trace ids
 * and durations, slowest first.
 */
function knownTraffic(clock: FakeClock, minutes: number, perMinute: number, retentionMs?: number) {
  const store = new RequestStore({ now: clock.now, retentionMs });
  const random = lcgRandom(42);
  const slow: { traceId: string; durationMs: number }[] = [];
  const all = new Map<string, number>();
  const start = clock.ms;
  for (let m = 0; m < minutes; m++) {
    for (let i = 0; i < perMinute; i++) {
      const end = start + m * MINUTE + Math.floor((i * MINUTE) / (perMinute + 1));
      clock.set(end);
      const isSlow = i === Math.floor(perMinute / 2);
      const durationMs = isSlow ? 2_000 + m * 7.25 : 50 + 450 * random();
      const span = serverSpan(end, durationMs, '/predict');
      const rec = spanToRequest(span) as RequestRecord;
      expect(store.record(rec)).to.equal(true);
      all.set(rec.traceId as string, rec.durationMs);
      if (isSlow) slow.push({ traceId: span.spanContext().traceId, durationMs: rec.durationMs });
    }
  }
  clock.set(start + minutes * MINUTE);
  slow.sort((a, b) => b.durationMs - a.durationMs);
  return { store, slow, all };
}

describe('drill-down', () => {
  describe('slowest', () => {
    it('lists exactly the one slow request of each minute, with its trace id', () => {
      const clock = new FakeClock(T0);
      const { store, slow } = knownTraffic(clock, 30, 120);
      const report = slowestQuery(store, '1h', HOUR, undefined, 30);
      expect(report.requests.map((r) => r.trace_id)).to.deep.equal(slow.map((s) => s.traceId));
      expect(report.requests.map((r) => r.duration_ms)).to.deep.equal(
        slow.map((s) => Math.round(s.durationMs * 100) / 100),
      );
      expect(
        report.requests.every((r) => r.endpoint === '/predict' && r.method === 'GET'),
      ).to.equal(true);
      // A smaller limit keeps the slowest ones; an endpoint with no traffic has none.
      expect(
        slowestQuery(store, '1h', HOUR, '/predict', 5).requests.map((r) => r.trace_id),
      ).to.deep.equal(slow.slice(0, 5).map((s) => s.traceId));
      expect(slowestQuery(store, '1h', HOUR, '/other', 5).requests).to.deep.equal([]);
    });

    it('still lists them a day later from the hour buckets, and after a restore', () => {
      const clock = new FakeClock(T0);
      const { store, slow } = knownTraffic(clock, 3 * 60, 30, 24 * HOUR);
      clock.advance(2 * HOUR);
      const report = slowestQuery(store, '24h', 24 * HOUR, undefined, 5);
      // Each hour keeps its five slowest: the five slowest of the day are all in the last hour.
      expect(report.requests.map((r) => r.trace_id)).to.deep.equal(
        slow.slice(0, 5).map((s) => s.traceId),
      );
      const restored = new RequestStore({ now: clock.now, retentionMs: 24 * HOUR });
      restored.restore(viaJson(store.toSnapshot()));
      expect(slowestQuery(restored, '24h', 24 * HOUR, undefined, 5)).to.deep.equal(report);
    });
  });

  describe('exemplars near percentiles', () => {
    for (const [minutes, period, periodMs] of [
      [10, '15m', 15 * MINUTE],
      [55, '1h', HOUR],
      [5 * 60, '6h', 6 * HOUR],
    ] as const) {
      it(`gives, over ${period}, a real request within 1% of p95 and of p99`, () => {
        const clock = new FakeClock(T0);
        const { store, all } = knownTraffic(clock, minutes, 200);
        const report = latencyQuery(store, period, periodMs);
        for (const [name, summary, near] of [
          ['overall', report.overall, report.exemplars.overall],
          ['/predict', report.by_endpoint['/predict'], report.exemplars.by_endpoint['/predict']],
        ] as const) {
          for (const q of ['p95', 'p99'] as const) {
            const exemplar = near?.[q];
            expect(exemplar, `${name} ${q}`).to.not.equal(null);
            const percentile = summary?.[`${q}_ms`] as number;
            expect(exemplar?.percentile_ms).to.equal(percentile);
            // A real request: its trace id was sent, with that duration.
            const sent = all.get(exemplar?.trace_id as string) as number;
            expect(Math.abs(sent - (exemplar?.duration_ms as number))).to.be.below(0.01);
            expect(Math.abs(sent - percentile) / percentile, `${name} ${q}`).to.be.at.most(0.01);
            expect(exemplar?.distance_pct).to.be.at.most(1);
          }
        }
      });
    }

    it('keeps the existing latency fields as they were', () => {
      const clock = new FakeClock(T0);
      const { store } = knownTraffic(clock, 3, 10);
      expect(Object.keys(latencyQuery(store, '1h', HOUR))).to.deep.equal([
        'period',
        'since',
        'total_requests',
        'overall',
        'by_endpoint',
        'timeseries',
        'exemplars',
      ]);
    });
  });

  describe('error groups', () => {
    it('groups messages that differ only in ids, with the exact count', () => {
      const clock = new FakeClock(T0 + 30 * MINUTE);
      const store = new RequestStore({ now: clock.now });
      let n = 0;
      for (let m = 0; m < 30; m++) {
        for (let i = 0; i < 7; i++) {
          const message = `User ${100 + n} not found`;
          const span = serverSpan(T0 + m * MINUTE + i * 1000, 5, '/users/:id', 404, message);
          store.record(spanToRequest(span) as RequestRecord);
          n++;
        }
        store.record(
          request(T0 + m * MINUTE, {
            statusCode: 500,
            errorType: 'DbError',
            errorMessage: `query 'SELECT ${m}' failed on 0x${m}f`,
          }),
        );
      }
      const report = errorsQuery(store, '1h', HOUR);
      const users = report.groups.find((g) => g.endpoint === '/users/:id');
      expect(users).to.deep.include({
        error_type: 'NotFoundError',
        template: 'User <n> not found',
        count: 210,
        statuses: { '404': 210 },
        other: false,
        first_seen: new Date(T0).toISOString(),
        last_seen: new Date(T0 + 29 * MINUTE + 6000).toISOString(),
      });
      expect(users?.sample_trace_id).to.match(/^[0-9a-f]{32}$/);
      const db = report.groups.find((g) => g.error_type === 'DbError');
      expect(db).to.deep.include({ template: 'query <str> failed on <hex>', count: 30 });
      expect(report.groups.reduce((s, g) => s + g.count, 0)).to.equal(report.total_errors);
      // Exact over a shorter window too.
      const last10 = errorsQuery(store, '10m', 10 * MINUTE).groups.find(
        (g) => g.endpoint === '/users/:id',
      );
      expect(last10?.count).to.equal(7 * 10);
    });

    it('caps the groups and counts the rest in "other"', () => {
      const clock = new FakeClock(T0 + 5 * MINUTE);
      const store = new RequestStore({ now: clock.now, errorGroupLimit: 50 });
      const words = (i: number) =>
        i.toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)] as string);
      for (let i = 0; i < 10_000; i++) {
        store.record(
          request(T0 + (i % 5) * MINUTE, {
            statusCode: 500,
            errorType: 'Boom',
            errorMessage: `failed ${words(i)}`,
          }),
        );
      }
      const report = errorsQuery(store, '1h', HOUR);
      expect(report.groups.filter((g) => !g.other)).to.have.length(50);
      const other = report.groups.find((g) => g.other);
      expect(other?.count).to.equal(10_000 - 50);
      expect(report.groups_limit).to.equal(50);
      expect(report.groups_overflowed_errors).to.equal(10_000 - 50);
      expect(report.groups.reduce((s, g) => s + g.count, 0)).to.equal(10_000);
    });
  });

  describe('saturation history', () => {
    it('keeps a point per minute, rolled up by max and mean, across a restore', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now, retentionMs: 24 * HOUR });
      for (let s = 0; s < 3 * 60 * 12; s++) {
        clock.set(T0 + s * 5_000);
        store.recordSaturation({
          eventLoopDelayP99Ms: s % 12,
          eventLoopUtilization: (s % 2) / 2,
          heapUsedBytes: 1_000 + s,
          rssBytes: 2_000 + s,
          peakActiveRequests: s % 12 === 3 ? 9 : 1,
        });
      }
      clock.set(T0 + 3 * HOUR);
      const hour = saturationQuery(store, '1h', HOUR);
      const local = hour.instances[0];
      expect(hour.step_seconds).to.equal(60);
      expect(local?.local).to.equal(true);
      expect(local?.points).to.have.length(60);
      expect(local?.points[0]).to.deep.equal({
        timestamp: new Date(T0 + 2 * HOUR).toISOString(),
        event_loop_delay_p99_ms: 11,
        event_loop_utilization: 0.25,
        heap_used_bytes: 1_000 + 2 * 60 * 12 + 11,
        rss_bytes: 2_000 + 2 * 60 * 12 + 11,
        peak_active_requests: 9,
        samples: 12,
      });
      const restored = new RequestStore({ now: clock.now, retentionMs: 24 * HOUR });
      restored.restore(viaJson(store.toSnapshot()));
      expect(saturationQuery(restored, '1h', HOUR)).to.deep.equal(hour);
      expect(saturationQuery(restored, '24h', 24 * HOUR)).to.deep.equal(
        saturationQuery(store, '24h', 24 * HOUR),
      );
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
      const again = viaJson(store.toSnapshot());
      expect(again.exemplars).to.not.equal(undefined);
      expect(again.errorGroups?.groups).to.have.length(1);
    });
  });
});
