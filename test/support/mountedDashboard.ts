import { expect } from 'chai';
import type { RequestsReport } from '../../src/dashboard/queries/requestsQuery.js';
import type { GoldenSignals } from '../../src/index.js';
import { pageReferences } from './listen.js';
import { send } from './rawRequest.js';
import { type RunningServer, startTestPipeline } from './testApp.js';

/** How a framework test mounts the dashboard: an app over the pipeline, listening. */
export interface MountCase {
  /** Where the dashboard should answer, such as `/ops`. */
  readonly prefix: string;
  /** A route of the app's own that answers 200 with `body`. */
  readonly appPath: string;
  readonly appBody: string;
  /** Builds and starts the app with the dashboard mounted, on an ephemeral loopback port. */
  start(gs: GoldenSignals): Promise<RunningServer>;
}

/**
 * The behaviour every adapter owes, on a pipeline of its own: the page, its
 * assets, the JSON API and the metrics under the prefix, the app's own
 * routes untouched, and no request to the prefix ever counted.
 */
export function behavesAsMounted(mount: MountCase): void {
  const { prefix } = mount;
  let gs: GoldenSignals;
  let app: RunningServer;

  before(async () => {
    gs = startTestPipeline();
    app = await mount.start(gs);
  });
  after(async () => {
    await app?.close();
    await gs.shutdown();
  });

  it(`serves the page at ${prefix}, written for ${prefix}`, async () => {
    const res = await send(app.url, 'GET', prefix);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/html; charset=utf-8');
    const { urls, base } = pageReferences(res.body);
    expect(base).to.equal(prefix);
    const absolute = urls.filter((u) => u.startsWith('/'));
    expect(absolute).to.have.length(9);
    for (const url of absolute) expect(url.startsWith(`${prefix}/`), url).to.equal(true);
  });

  it(`serves the page at ${prefix}/ and its assets below it`, async () => {
    const res = await send(app.url, 'GET', `${prefix}/`);
    expect(res.status).to.equal(200);
    const assets = pageReferences(res.body).urls.filter((u) => u.startsWith(`${prefix}/assets/`));
    expect(assets).to.have.length(5);
    for (const asset of assets)
      expect((await send(app.url, 'GET', asset)).status, asset).to.equal(200);
  });

  it('answers HEAD of the page with headers and no body', async () => {
    const res = await send(app.url, 'HEAD', prefix);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/html; charset=utf-8');
    expect(res.body).to.equal('');
  });

  it('serves the JSON API, its errors as JSON', async () => {
    const overview = await send(app.url, 'GET', `${prefix}/overview`);
    expect(overview.status).to.equal(200);
    expect(overview.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(overview.headers['cache-control']).to.equal('no-store');
    expect(overview.headers['x-content-type-options']).to.equal('nosniff');
    const requests = await send(app.url, 'GET', `${prefix}/requests?period=6h`);
    expect((JSON.parse(requests.body) as RequestsReport).period).to.equal('6h');
    const bad = await send(app.url, 'GET', `${prefix}/requests?period=1h&period=6h`);
    expect(bad.status).to.equal(422);
    expect(JSON.parse(bad.body)).to.deep.equal({ error: 'period must be given at most once' });
    const unknown = await send(app.url, 'GET', `${prefix}/nope`);
    expect(unknown.status).to.equal(404);
    expect(JSON.parse(unknown.body)).to.deep.equal({ error: 'No dashboard route /nope' });
  });

  it(`serves the Prometheus text at ${prefix}/metrics`, async () => {
    const res = await send(app.url, 'GET', `${prefix}/metrics`);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/plain/);
    expect(res.body).to.match(/^# HELP /m);
  });

  it('leaves the app’s own routes to the app', async () => {
    const own = await send(app.url, 'GET', mount.appPath);
    expect(own.status).to.equal(200);
    expect(own.body).to.equal(mount.appBody);
    // Beside the prefix, not below it: the app's (404), not the dashboard's.
    const beside = await send(app.url, 'GET', `${prefix}x/overview`);
    expect(beside.status).to.equal(404);
    expect(beside.body).not.to.include('"error":"No dashboard');
  });

  const requests = async () =>
    JSON.parse((await send(app.url, 'GET', `${prefix}/requests?period=1h`)).body) as RequestsReport;

  it('never counts a request to the prefix, and counts the app’s exactly', async () => {
    const store = gs.store;
    if (store === undefined) expect.fail('the pipeline has a store');
    const before = store.totalRecorded;
    const start = await requests();
    for (const path of ['', '/', '/overview', '/errors', '/assets/main.js', '/metrics', '/nope']) {
      await send(app.url, 'GET', `${prefix}${path}`);
    }
    await send(app.url, 'HEAD', `${prefix}/latency`);
    expect(store.totalRecorded).to.equal(before);
    await send(app.url, 'GET', mount.appPath);
    await send(app.url, 'GET', mount.appPath);
    await send(app.url, 'GET', `${prefix}x`);
    // An uncounted round trip, so the last app span has surely ended.
    const end = await requests();
    expect(store.totalRecorded).to.equal(before + 3);
    expect(end.total).to.equal(start.total + 3);
    const count = (r: RequestsReport, status: string) => r.by_status[status] ?? 0;
    expect(count(end, '200') - count(start, '200')).to.equal(2);
    expect(count(end, '404') - count(start, '404')).to.equal(1);
  });
}
