import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../src/dashboard/dashboardResponses.js';
import {
  fleetPath,
  type RouteFleetDrillApp,
  startRouteFleetDrillApp,
} from '../support/routeFleetDrillApp.js';
import { getJson } from '../support/testApp.js';

/** A GET with exactly these headers, the body as bytes (not decoded). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      })
      .on('error', reject);
  });
}

describe('a light refresh: gzip and the parts a client leaves out', function () {
  this.timeout(60_000);
  let app: RouteFleetDrillApp;

  before(async () => {
    app = await startRouteFleetDrillApp();
    await app.traffic(1);
    // A failure of the first route, so its error group is there.
    await app.get(fleetPath(0, 1, 503));
  });
  after(() => app?.close());

  describe('gzip', () => {
    for (const path of ['/dashboard/latency?period=1h', '/dashboard/requests']) {
      it(`gzips ${path} for a client that takes gzip, with Vary`, async () => {
        const plain = await rawGet(`${app.url}${path}`, {});
        const gz = await rawGet(`${app.url}${path}`, { 'accept-encoding': 'gzip, br' });
        expect(plain.headers['content-encoding']).to.equal(undefined);
        expect(plain.headers.vary).to.equal('Accept-Encoding');
        expect(gz.headers['content-encoding']).to.equal('gzip');
        expect(gz.headers.vary).to.equal('Accept-Encoding');
        expect(gz.headers['content-type']).to.equal('application/json; charset=utf-8');
        expect(gz.headers['cache-control']).to.equal('no-store');
        expect(Number(gz.headers['content-length'])).to.equal(gz.body.length);
        expect(gz.body.length).to.be.below(plain.body.length / 3);
        const a = JSON.parse(gunzipSync(gz.body).toString('utf8')) as { period: string };
        expect(a.period).to.equal('1h');
        expect(Object.keys(a)).to.deep.equal(Object.keys(JSON.parse(plain.body.toString())));
      });
    }

    it('leaves a small answer and a refused gzip as they are', async () => {
      const small = await rawGet(`${app.url}/dashboard/inflight`, { 'accept-encoding': 'gzip' });
      expect(small.headers['content-encoding']).to.equal(undefined);
      const refused = await rawGet(`${app.url}/dashboard/requests`, {
        'accept-encoding': 'gzip;q=0, identity',
      });
      expect(refused.headers['content-encoding']).to.equal(undefined);
      expect(JSON.parse(refused.body.toString())).to.have.property('by_endpoint');
    });

    it('gzips the page and its files under the page’s policy, with a 304 for either tag', async () => {
      for (const path of [
        '/dashboard',
        '/dashboard/assets/uPlot.iife.min.js',
        '/dashboard/assets/dashboard.css',
      ]) {
        const plain = await rawGet(`${app.url}${path}`, {});
        const gz = await rawGet(`${app.url}${path}`, { 'accept-encoding': 'gzip' });
        expect(gz.headers['content-encoding'], path).to.equal('gzip');
        expect(gz.headers.vary, path).to.equal('Accept-Encoding');
        expect(gz.headers['content-security-policy'], path).to.equal(PAGE_CONTENT_SECURITY_POLICY);
        expect(gz.headers['x-content-type-options'], path).to.equal('nosniff');
        expect(gunzipSync(gz.body).equals(plain.body), path).to.equal(true);
        expect(gz.headers.etag, path).not.to.equal(plain.headers.etag);
        for (const tag of [gz.headers.etag, plain.headers.etag]) {
          const again = await rawGet(`${app.url}${path}`, {
            'accept-encoding': 'gzip',
            'if-none-match': tag as string,
          });
          expect(again.status, path).to.equal(304);
        }
      }
    });
  });

  describe('parts left out', () => {
    it('keeps today’s full answers by default', async () => {
      const latency = await getJson(`${app.url}/dashboard/latency?period=1h`);
      const errors = await getJson(`${app.url}/dashboard/errors?period=1h`);
      const slo = await getJson<{ apdex: Record<string, unknown> }>(`${app.url}/dashboard/slo`);
      expect(latency).to.have.property('exemplars');
      expect(errors).to.have.property('groups');
      expect(slo.apdex).to.have.property('by_endpoint');
    });

    it('leaves out exemplars, groups and per-endpoint Apdex when asked, and nothing else', async () => {
      const full = await getJson(`${app.url}/dashboard/latency?period=1h`);
      const latency = await getJson(`${app.url}/dashboard/latency?period=1h&exemplars=0`);
      expect(latency).not.to.have.property('exemplars');
      const { exemplars: _e, ...rest } = full;
      expect(Object.keys(latency)).to.deep.equal(Object.keys(rest));
      const errors = await getJson(`${app.url}/dashboard/errors?period=1h&groups=false`);
      expect(errors).not.to.have.property('groups');
      expect(errors).to.include.keys('recent', 'by_endpoint', 'groups_limit');
      const slo = await getJson<{ apdex: Record<string, unknown> }>(
        `${app.url}/dashboard/slo?apdex_by_endpoint=0`,
      );
      expect(slo.apdex).not.to.have.property('by_endpoint');
      expect(slo.apdex).to.have.property('overall');
    });

    it('lists only one endpoint’s error groups (and other) with groups_endpoint', async () => {
      const route = '/api/area0/thing0/:id';
      const all = await getJson<{ groups: { endpoint: string }[] }>(
        `${app.url}/dashboard/errors?period=1h`,
      );
      const one = await getJson<{ groups: { endpoint: string; other: boolean }[] }>(
        `${app.url}/dashboard/errors?period=1h&groups_endpoint=${encodeURIComponent(route)}`,
      );
      expect(new Set(all.groups.map((g) => g.endpoint)).size).to.be.above(1);
      expect(one.groups.length).to.be.at.least(1);
      for (const g of one.groups) expect(g.endpoint === route || g.other).to.equal(true);
    });

    it('answers 422 to a value that is not a yes or no', async () => {
      for (const path of [
        '/dashboard/latency?exemplars=no',
        '/dashboard/errors?groups=2',
        '/dashboard/slo?apdex_by_endpoint=0&apdex_by_endpoint=1',
      ]) {
        const res = await fetch(`${app.url}${path}`);
        expect(res.status, path).to.equal(422);
        expect(((await res.json()) as { error: string }).error).to.match(/must be/);
      }
    });
  });

  describe('the drill-down’s answers', () => {
    it('answers one endpoint’s series, and 422 without an endpoint', async () => {
      const route = '/api/area0/thing0/:id';
      const one = await getJson<{ endpoint: string; total: number }>(
        `${app.url}/dashboard/endpoint?period=1h&endpoint=${encodeURIComponent(route)}`,
      );
      expect(one.endpoint).to.equal(route);
      expect(one.total).to.equal(2);
      const res = await fetch(`${app.url}/dashboard/endpoint?period=1h`);
      expect(res.status).to.equal(422);
    });

    it('says per slowest request whether its trace is held', async () => {
      const slowest = await getJson<{ requests: { trace_id: string; trace_held: boolean }[] }>(
        `${app.url}/dashboard/slowest?period=1h&limit=5`,
      );
      expect(slowest.requests).to.have.length(5);
      for (const r of slowest.requests) expect(r.trace_held, r.trace_id).to.equal(true);
    });
  });
});
