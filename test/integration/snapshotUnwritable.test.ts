import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import { type ChildService, startChildService, waitFor } from '../support/childService.js';
import { parsePrometheusText, sumOf } from '../support/prometheusText.js';
import { getJson, postJson } from '../support/testApp.js';

const REQUESTS = 5;

// Issue 20's fault suite: a snapshot directory that cannot be written.
// `chmod 555` does not stop root, and tests may run as root, so the
// directory here is a regular file: every write fails with ENOTDIR, for
// any user. On c22f875 each failed write logged a line (one per interval,
// for ever) and nothing served a count of them.
describe('when the snapshot directory cannot be written', function () {
  this.timeout(60_000);
  let dir: string;
  let service: ChildService;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gs-unwritable-'));
    const notADirectory = join(dir, 'a-file');
    writeFileSync(notADirectory, 'not a directory');
    service = await startChildService({
      GOLDEN_SIGNALS_SNAPSHOT_FILE: join(notADirectory, 'dashboard.json'),
      GOLDEN_SIGNALS_SNAPSHOT_INTERVAL_MS: '1000',
      PREDICT_LATENCY_MS: '0',
      PREDICT_FAILURE_RATE: '0',
    });
  });

  after(async () => {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps answering and counting requests', async () => {
    for (let i = 0; i < REQUESTS; i++) {
      const res = await postJson(`${service.url}/predict`, { text: 'fine' });
      expect(res.status).to.equal(200);
      await res.arrayBuffer();
    }
    const overview = await getJson<OverviewReport>(`${service.url}/dashboard/overview`);
    expect(overview.total_requests).to.equal(REQUESTS);
  });

  it('counts every failed write in internal_errors, on the overview and /metrics', async () => {
    const failed = await waitFor(
      'three failed periodic writes',
      async () => {
        const o = await getJson<OverviewReport>(`${service.url}/dashboard/overview`);
        const n = o.internal_errors.by_site['snapshot.write'] ?? 0;
        return n >= 3 ? n : undefined;
      },
      15_000,
    );
    const samples = parsePrometheusText(await (await fetch(`${service.url}/metrics`)).text());
    expect(
      sumOf(samples, 'golden_signals_internal_errors_total', { site: 'snapshot.write' }),
    ).to.be.at.least(failed);
  });

  it('logs the failure once, naming the file and the cause', () => {
    const lines = service.output().match(/.*snapshot\.write.*/g) ?? [];
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/dashboard\.json.*ENOTDIR/);
    expect(service.output().match(/could not write snapshot/g)).to.have.length(1);
  });

  it('still answers, and exits 0 on SIGTERM although the last write fails too', async () => {
    expect((await fetch(`${service.url}/health`)).status).to.equal(200);
    expect(service.child.exitCode).to.equal(null);
    const code = await service.stop();
    expect(code).to.equal(0);
    expect(service.output()).not.to.match(/uncaught|unhandled/i);
  });
});
