import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { ErrorsReport } from '../../src/dashboard/queries/errorsQuery.js';
import type { LatencyReport } from '../../src/dashboard/queries/latencyQuery.js';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import type { RequestsReport } from '../../src/dashboard/queries/requestsQuery.js';
import { STORE_SNAPSHOT_VERSION } from '../../src/store/snapshot/StoreSnapshot.js';
import { type ChildService, startChildService, waitFor } from '../support/childService.js';
import { getJson, postJson } from '../support/testApp.js';

/** The dashboard's figures for fixed periods, without what moves with the clock (since, empty steps). */
async function figures(url: string) {
  const requests = await getJson<RequestsReport>(`${url}/dashboard/requests?period=1h`);
  const latency = await getJson<LatencyReport>(`${url}/dashboard/latency?period=1h`);
  const errors = await getJson<ErrorsReport>(`${url}/dashboard/errors?period=24h`);
  const overview = await getJson<OverviewReport>(`${url}/dashboard/overview`);
  // The rate over the time covered moves with the clock; when it starts (first_request_at) must not.
  const {
    since: _a,
    timeseries: rt,
    covered_seconds: _d,
    requests_per_minute: _e,
    ...r
  } = requests;
  const { since: _b, timeseries: lt, ...l } = latency;
  const { since: _c, ...e } = errors;
  return {
    requests: r,
    requestSteps: rt.points.filter((p) => p.count > 0),
    latency: l,
    latencySteps: lt.points.filter((p) => p.count > 0),
    errors: e,
    total: overview.total_requests,
  };
}

async function sendTraffic(url: string): Promise<number> {
  const sends: Promise<Response>[] = [];
  for (let i = 0; i < 60; i++) sends.push(postJson(`${url}/predict`, { text: `good ${i}` }));
  for (let i = 0; i < 8; i++) sends.push(postJson(`${url}/predict`, {}));
  for (let i = 0; i < 5; i++) sends.push(fetch(`${url}/no/such/${i}`));
  for (const res of await Promise.all(sends)) await res.arrayBuffer();
  return sends.length;
}

describe('persistence (GOLDEN_SIGNALS_SNAPSHOT_FILE)', function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;
  let service: ChildService | undefined;
  const env = () => ({
    GOLDEN_SIGNALS_SNAPSHOT_FILE: file,
    PREDICT_LATENCY_MS: '0-5',
    PREDICT_FAILURE_RATE: '0.2',
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gs-persist-'));
    file = join(dir, 'dashboard.json');
  });
  afterEach(async () => {
    await service?.stop(2_000);
    service = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives identical figures after SIGTERM and a restart', async () => {
    service = await startChildService({ ...env(), PREDICT_LATENCY_MS: '0-5' });
    const sent = await sendTraffic(service.url);
    expect(existsSync(file)).to.equal(false); // the first periodic write is a minute away
    const before = await figures(service.url);
    expect(before.requests.total).to.equal(sent);
    expect(await service.stop(15_000)).to.equal(0);
    expect(existsSync(file)).to.equal(true);
    expect(readdirSync(dir)).to.deep.equal(['dashboard.json']); // no temporary file left

    service = await startChildService(env());
    expect(service.output()).to.match(/restored .*dashboard\.json: \d+ buckets kept/);
    const after = await figures(service.url);
    expect(after).to.deep.equal(before);
  });

  it('flushes and saves requests still in flight when SIGTERM arrives', async () => {
    service = await startChildService({
      ...env(),
      PREDICT_LATENCY_MS: '2000',
      PREDICT_FAILURE_RATE: '0',
    });
    const inFlight = Array.from({ length: 10 }, () =>
      postJson(`${(service as ChildService).url}/predict`, { text: 'late but counted' }),
    );
    // All ten must be in flight before SIGTERM (a fixed delay is too short on a loaded machine).
    const url = service.url;
    await waitFor('10 requests in flight', async () => {
      const ready = await getJson<{ active_requests: number }>(`${url}/health/ready`);
      return ready.active_requests >= 10 ? true : undefined;
    });
    const code = service.stop(15_000);
    for (const res of await Promise.all(inFlight)) expect(res.status).to.equal(200);
    expect(await code).to.equal(0);
    service = await startChildService(env());
    const after = await getJson<RequestsReport>(`${service.url}/dashboard/requests`);
    expect(after.total).to.equal(10);
  });

  it('writes the snapshot periodically', async () => {
    service = await startChildService({ ...env(), GOLDEN_SIGNALS_SNAPSHOT_INTERVAL_MS: '1000' });
    await sendTraffic(service.url);
    for (let i = 0; i < 50 && !existsSync(file); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { format: string; version: number };
    expect(saved.format).to.equal('golden-signals-snapshot');
    expect(saved.version).to.equal(STORE_SNAPSHOT_VERSION);
  });

  for (const [name, content] of [
    ['corrupt', '{"format": "golden-signals-snapshot", "version": 1, "payload": {'],
    [
      'of another version',
      '{"format": "golden-signals-snapshot", "version": 999, "savedAtMs": 1, "payload": {}}',
    ],
    ['not a snapshot at all', '\u0000\u0001binary'],
  ] as const) {
    it(`moves a snapshot that is ${name} aside, logs it, and starts empty`, async () => {
      writeFileSync(file, content);
      service = await startChildService(env());
      expect((await fetch(`${service.url}/health`)).status).to.equal(200);
      expect(service.output()).to.match(
        /not usable .* moved to .*dashboard\.json\.rejected-\d+; starting empty/,
      );
      const moved = readdirSync(dir).filter((f) => f.startsWith('dashboard.json.rejected-'));
      expect(moved).to.have.length(1);
      expect(readFileSync(join(dir, moved[0] as string), 'utf8')).to.equal(content);
      expect((await getJson<RequestsReport>(`${service.url}/dashboard/requests`)).total).to.equal(
        0,
      );
      await sendTraffic(service.url);
      expect(await service.stop(15_000)).to.equal(0);
      expect(existsSync(file)).to.equal(true); // replaced by a good one at shutdown
    });
  }
});
