import { expect } from 'chai';
import { errorsQuery } from '../../../src/dashboard/queries/errorsQuery.js';
import { latencyQuery } from '../../../src/dashboard/queries/latencyQuery.js';
import {
  INSTANCE_ALIVE_MS,
  type OverviewContext,
  overviewQuery,
} from '../../../src/dashboard/queries/overviewQuery.js';
import { requestsQuery } from '../../../src/dashboard/queries/requestsQuery.js';
import type { RequestRecord } from '../../../src/store/RequestRecord.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import type { SourceFilter } from '../../../src/store/SourceFilter.js';
import { FakeClock, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';
import { request } from '../../support/records.js';
import { seededRandom } from '../../support/seededRandom.js';

const context: OverviewContext = {
  activeRequests: 3,
  saturation: {
    event_loop_delay_p99_ms: 12.5,
    event_loop_utilization: 0.25,
    heap_used_bytes: 1_000,
    rss_bytes: 2_000,
  },
  exporterDroppedSpans: 0,
};

const SOURCES: [string | undefined, string | undefined][] = [
  [undefined, undefined], // the local identity: api / local:1
  ['api', 'remote:2'],
  ['web', 'web-1'],
  ['web', 'web-2'],
];
const STATUSES = [200, 200, 200, 201, 404, 422, 500, 503];
const ENDPOINTS = ['/predict', '/users/:id', 'unmatched'];

/** 40 minutes of mixed traffic from four instances of two services; the records sent. */
function mixedStore(clock: FakeClock): { store: RequestStore; sent: RequestRecord[] } {
  const store = new RequestStore({ now: clock.now, service: 'api', instance: 'local:1' });
  const random = seededRandom(99);
  const sent: RequestRecord[] = [];
  for (let i = 0; i < 4_000; i++) {
    const [service, instance] = SOURCES[i % SOURCES.length] as [
      string | undefined,
      string | undefined,
    ];
    const statusCode = STATUSES[Math.floor(random() * STATUSES.length)] as number;
    const rec = request(T0 + Math.floor((i * 40 * MINUTE) / 4_000), {
      service,
      instance,
      endpoint: ENDPOINTS[Math.floor(random() * ENDPOINTS.length)] as string,
      statusCode,
      errorType: statusCode >= 500 ? 'ModelError' : undefined,
      errorMessage: statusCode >= 400 ? `failed ${i}` : undefined,
      durationMs: 1 + 400 * random() ** 2,
    });
    store.record(rec);
    sent.push(rec);
  }
  clock.set(T0 + 40 * MINUTE + 10_000);
  return { store, sent };
}

/** Counts of the sent records that pass a filter, by a key. */
function tally(
  sent: readonly RequestRecord[],
  filter: SourceFilter,
  keyOf: (r: RequestRecord) => string,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of sent) {
    const service = r.service ?? 'api';
    const instance = r.instance ?? 'local:1';
    if (filter.service !== undefined && service !== filter.service) continue;
    if (filter.instance !== undefined && instance !== filter.instance) continue;
    const k = keyOf(r);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

describe('filteredTotals: every query under a service and instance filter', () => {
  const clock = new FakeClock(T0);
  const { store, sent } = mixedStore(clock);
  const filters: SourceFilter[] = [
    { service: 'api' },
    { service: 'web' },
    { instance: 'web-2' },
    { service: 'api', instance: 'local:1' },
    { service: 'api', instance: 'remote:2' },
  ];

  for (const filter of filters) {
    it(`counts exactly what ${JSON.stringify(filter)} sent`, () => {
      const r = requestsQuery(store, '1h', HOUR, filter);
      expect(r.by_status).to.deep.equal(tally(sent, filter, (x) => String(x.statusCode)));
      expect(r.by_endpoint).to.deep.equal(tally(sent, filter, (x) => x.endpoint));
      expect(r.total).to.equal(Object.values(tally(sent, filter, () => 'all'))[0]);
      const e = errorsQuery(store, '1h', HOUR, filter);
      expect(e.by_status).to.deep.equal(
        tally(
          sent.filter((x) => x.statusCode >= 400),
          filter,
          (x) => String(x.statusCode),
        ),
      );
      for (const recent of e.recent) {
        if (filter.service !== undefined) expect(recent.service).to.equal(filter.service);
        if (filter.instance !== undefined) expect(recent.instance).to.equal(filter.instance);
      }
      const l = latencyQuery(store, '1h', HOUR, filter);
      expect(l.total_requests).to.equal(r.total);
      expect(l.timeseries.points.reduce((n, p) => n + p.count, 0)).to.equal(r.total);
      expect(r.timeseries.points.reduce((n, p) => n + p.count, 0)).to.equal(r.total);
    });
  }

  it('sums the instances to the unfiltered union in every count', () => {
    const all = requestsQuery(store, '1h', HOUR);
    const parts = store
      .sources()
      .map((s) => requestsQuery(store, '1h', HOUR, { service: s.service, instance: s.instance }));
    expect(parts.reduce((n, p) => n + p.total, 0)).to.equal(all.total);
    all.timeseries.points.forEach((point, i) => {
      const sum = parts.reduce((n, p) => n + (p.timeseries.points[i]?.errors ?? 0), 0);
      expect(sum, point.timestamp).to.equal(point.errors);
    });
    expect(all.total).to.equal(sent.length);
  });

  it('merges the latency of instances into the same sketch as the union', () => {
    const all = latencyQuery(store, '1h', HOUR);
    const api = latencyQuery(store, '1h', HOUR, { service: 'api' });
    const web = latencyQuery(store, '1h', HOUR, { service: 'web' });
    expect(api.total_requests + web.total_requests).to.equal(all.total_requests);
    expect(Math.max(api.overall.max_ms, web.overall.max_ms)).to.equal(all.overall.max_ms);
    expect(Math.min(api.overall.min_ms, web.overall.min_ms)).to.equal(all.overall.min_ms);
  });

  it('gives an empty answer, not an error, for an unknown service or instance', () => {
    for (const filter of [
      { service: 'nope' },
      { instance: 'nope' },
      { service: 'web', instance: 'remote:2' },
    ]) {
      const r = requestsQuery(store, '1h', HOUR, filter);
      expect(r.total).to.equal(0);
      expect(r.by_endpoint).to.deep.equal({});
      expect(r.by_minute).to.deep.equal([]);
      expect(latencyQuery(store, '1h', HOUR, filter).overall.p99_ms).to.equal(0);
      const e = errorsQuery(store, '1h', HOUR, filter);
      expect([e.total_errors, e.recent.length]).to.deep.equal([0, 0]);
      const o = overviewQuery(store, context, filter);
      expect([o.requests_last_hour, o.total_requests, o.active_requests]).to.deep.equal([0, 0, 0]);
    }
  });

  describe('#overviewQuery services and instances', () => {
    it('lists each instance with its counts, last report, liveness and a saturation slot', () => {
      const o = overviewQuery(store, context);
      expect(o.instances.map((i) => [i.service, i.instance, i.requests_last_hour])).to.deep.equal([
        ['api', 'local:1', 1_000],
        ['api', 'remote:2', 1_000],
        ['web', 'web-1', 1_000],
        ['web', 'web-2', 1_000],
      ]);
      for (const i of o.instances) {
        expect(i.total_requests).to.equal(1_000);
        expect(i.last_report).to.match(/^2024-01-01T00:39:5\d\.\d{3}Z$/);
      }
      const local = o.instances[0];
      expect(local).to.include({ local: true, alive: true });
      expect(local?.saturation).to.deep.equal(context.saturation);
      for (const remote of o.instances.slice(1)) {
        expect(remote).to.include({ local: false, saturation: null });
      }
      expect(o.services.map((s) => [s.service, s.instances, s.requests_last_hour])).to.deep.equal([
        ['api', 2, 2_000],
        ['web', 2, 2_000],
      ]);
      expect(o.telemetry).to.include({ services: 2, instances: 4 });
    });

    it('calls a remote instance alive until its last report is older than the threshold', () => {
      const c = new FakeClock(T0);
      const s = new RequestStore({ now: c.now, service: 'api', instance: 'me' });
      s.record(request(T0));
      s.record(request(T0, { service: 'api', instance: 'other' }));
      c.set(T0 + INSTANCE_ALIVE_MS);
      expect(overviewQuery(s, context).instances.map((i) => i.alive)).to.deep.equal([true, true]);
      c.set(T0 + INSTANCE_ALIVE_MS + 1);
      expect(overviewQuery(s, context).instances.map((i) => i.alive)).to.deep.equal([true, false]);
    });

    it('filters the figures but not the lists, and keeps the unfiltered answer as before', () => {
      const web = overviewQuery(store, context, { service: 'web' });
      expect(web.requests_last_hour).to.equal(2_000);
      expect(web.total_requests).to.equal(2_000);
      expect(web.active_requests).to.equal(0);
      expect(web.instances).to.have.length(4);
      const all = overviewQuery(store, context);
      expect(all.requests_last_hour).to.equal(4_000);
      expect(all.total_requests).to.equal(store.totalRecorded);
      expect(all.active_requests).to.equal(3);
      const api = overviewQuery(store, context, { service: 'api' });
      expect(api.active_requests).to.equal(3);
    });
  });
});
