import type { IncomingMessage, ServerResponse } from 'node:http';
import { expect } from 'chai';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import type { SaturationHistoryReport } from '../../src/dashboard/queries/saturationQuery.js';
import type { GoldenSignals } from '../../src/index.js';
import { listen, type RunningServer } from '../support/listen.js';
import { breakMemoryUsage, replaceMonitorEventLoopDelay } from '../support/processFaults.js';
import { parsePrometheusText, sumOf } from '../support/prometheusText.js';
import { getJson, startTestPipeline } from '../support/testApp.js';

// Issue 20's fault suite: process.memoryUsage() and monitorEventLoopDelay
// throwing, in this process with the real SDK, restored after. On c22f875
// startGoldenSignals itself threw (the monitor's constructor, then the
// sampler's first sample), and the overview answered 500.
describe('when process.memoryUsage and monitorEventLoopDelay throw', () => {
  const warnings: string[] = [];
  let restoreMemoryUsage: (() => void) | undefined;
  let gs: GoldenSignals | undefined;
  let app: RunningServer | undefined;

  before(async () => {
    restoreMemoryUsage = breakMemoryUsage();
    const restoreDelay = replaceMonitorEventLoopDelay(() => {
      throw new Error('monitorEventLoopDelay is not available here');
    });
    try {
      gs = startTestPipeline(
        {},
        { logger: { info: () => {}, warn: (m) => warnings.push(m) }, route: () => '/ok' },
      );
    } finally {
      restoreDelay();
    }
    const dash = gs.handler({ prefix: '/ops' });
    app = await listen((req: IncomingMessage, res: ServerResponse) => {
      if (dash(req, res)) return;
      res.end('ok');
    });
  });

  after(async () => {
    try {
      await app?.close();
      await gs?.shutdown();
    } finally {
      restoreMemoryUsage?.();
    }
  });

  it('starts, and the app answers every request', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${app?.url}/ok`);
      expect(res.status).to.equal(200);
      expect(await res.text()).to.equal('ok');
    }
  });

  it('answers the overview with the figures it could read, and counts each failure by site', async () => {
    const overview = await getJson<OverviewReport>(`${app?.url}/ops/overview`);
    expect(overview.total_requests).to.equal(5);
    expect(overview.saturation.event_loop_delay_p99_ms).to.equal(0);
    expect(overview.saturation.heap_used_bytes).to.be.greaterThan(0);
    const bySite = overview.internal_errors.by_site;
    expect(bySite['saturation.monitor']).to.equal(1);
    expect(bySite['saturation.read']).to.be.at.least(2);
    expect(overview.internal_errors.total).to.equal(
      Object.values(bySite).reduce((a, b) => a + b, 0),
    );
    expect(gs?.internalErrors.total).to.be.at.least(overview.internal_errors.total);
  });

  it('keeps sampling the saturation history', async () => {
    const history = await getJson<SaturationHistoryReport>(`${app?.url}/ops/saturation?period=1h`);
    expect(JSON.stringify(history)).to.match(/heap/);
  });

  it('logs each site once, however often it fails', async () => {
    for (let i = 0; i < 3; i++) await getJson(`${app?.url}/ops/overview`);
    expect(warnings.filter((w) => w.includes('saturation.read'))).to.have.length(1);
    expect(warnings.filter((w) => w.includes('saturation.monitor'))).to.have.length(1);
  });

  it('serves the counts on /metrics', async () => {
    const samples = parsePrometheusText(await (await fetch(`${app?.url}/ops/metrics`)).text());
    expect(
      sumOf(samples, 'golden_signals_internal_errors_total', { site: 'saturation.monitor' }),
    ).to.equal(1);
    expect(
      sumOf(samples, 'golden_signals_internal_errors_total', { site: 'saturation.read' }),
    ).to.be.at.least(2);
  });

  it('shuts down', async () => {
    await gs?.shutdown();
  });
});
