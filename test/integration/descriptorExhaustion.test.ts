import net from 'node:net';
import { expect } from 'chai';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import { SATURATION_SAMPLE_MS } from '../../src/telemetry/SaturationSampler.js';
import { type FaultApp, startFaultApp, waitForOutput } from '../support/faultApp.js';
import { parsePrometheusText, sumOf } from '../support/prometheusText.js';
import { getJson } from '../support/testApp.js';

/** The descriptor limit of issue 20's report. */
const MAX_FILES = 256;
// Two saturation sample intervals and a second: the sampler's timer fires at least twice while no
// descriptor is left (once would do; twice, in case one tick falls in the moment a closing socket
// freed one and the app had not taken it back yet).
const HOLD_MS = 2 * SATURATION_SAMPLE_MS + 1_000;

/** Connects to `origin`'s port and waits until the server drops it, or `waitMs` passes; then closes it. */
async function knock(origin: string, waitMs: number): Promise<void> {
  const { hostname, port } = new URL(origin);
  const socket = net.connect(Number(port), hostname);
  socket.on('error', () => {});
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, waitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  socket.destroy();
}

/** Clients that knock on the dashboard's own port while the app has no descriptor left. */
const KNOCKS = 3;

interface Exhausted {
  readonly opened: number;
  readonly error: string;
}

// Issue 20, "Why" 2: an app that briefly runs out of file descriptors
// survives on its own, and must survive exactly so under the preload. On
// c22f875 process.memoryUsage() threw EMFILE from the sampler's timer.
describe(`an app that runs out of file descriptors (ulimit -n ${MAX_FILES})`, function () {
  this.timeout(60_000);

  for (const preload of [false, true]) {
    describe(preload ? 'under the golden-signals preload' : 'on its own', () => {
      let app: FaultApp;
      let exhausted: Exhausted;

      before(async () => {
        app = await startFaultApp({
          preload,
          maxFiles: MAX_FILES,
          env: { HOLD_MS: String(HOLD_MS) },
        });
        const res = await fetch(`${app.url}/exhaust`, {
          method: 'POST',
          headers: { connection: 'close' },
        });
        exhausted = (await res.json()) as Exhausted;
        // Our own port cannot accept them (EMFILE; libuv drops them): the app must not notice.
        if (app.dashboardUrl !== undefined) {
          for (let i = 0; i < KNOCKS; i++) await knock(app.dashboardUrl, 300);
        }
        // Bounded: the app releases them after HOLD_MS, or it died.
        await Promise.race([
          waitForOutput(app, /released/, HOLD_MS + 10_000),
          app.exited.then(([code, signal]) => {
            throw new Error(
              `the app died (${code ?? signal}) holding its descriptors: ${app.output()}`,
            );
          }),
        ]);
      });

      after(async () => {
        await app?.stop();
      });

      it('ran out of descriptors (EMFILE)', () => {
        expect(exhausted.error).to.equal('EMFILE');
        expect(exhausted.opened).to.be.greaterThan(0).and.below(MAX_FILES);
      });

      it('is still alive once it releases them, and answers', async () => {
        const res = await fetch(`${app.url}/ok`);
        expect(res.status).to.equal(200);
        expect(await res.text()).to.equal('ok');
        expect(app.child.exitCode).to.equal(null);
        expect(app.output()).not.to.match(/uncaught|unhandled/i);
      });

      if (!preload) return;

      it('counted the failed saturation read in internal_errors, and logged it once', async () => {
        const overview = await getJson<OverviewReport>(`${app.dashboardUrl}/overview`);
        expect(overview.internal_errors.by_site['saturation.read']).to.be.at.least(1);
        expect(overview.internal_errors.total).to.be.at.least(1);
        // The last good RSS stood in for the one that could not be read.
        expect(overview.saturation.rss_bytes).to.be.greaterThan(0);
        const logged = app.output().match(/internal error in saturation\.read/g) ?? [];
        expect(logged).to.have.length(1);
        expect(app.output()).to.match(/EMFILE/);
      });

      it('serves the count on /metrics by site', async () => {
        const origin = new URL(app.dashboardUrl as string).origin;
        const samples = parsePrometheusText(await (await fetch(`${origin}/metrics`)).text());
        expect(
          sumOf(samples, 'golden_signals_internal_errors_total', { site: 'saturation.read' }),
        ).to.be.at.least(1);
      });

      it('still counts the requests it answers', async () => {
        const before = (await getJson<OverviewReport>(`${app.dashboardUrl}/overview`))
          .total_requests;
        await (await fetch(`${app.url}/ok`)).arrayBuffer();
        const after = (await getJson<OverviewReport>(`${app.dashboardUrl}/overview`))
          .total_requests;
        expect(after).to.equal(before + 1);
      });
    });
  }
});
