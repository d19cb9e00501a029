import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { expect } from 'chai';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import { type GoldenSignals, startGoldenSignals } from '../../src/index.js';
import { listen } from '../support/listen.js';
import { send } from '../support/rawRequest.js';
import { TEST_ENV } from '../support/testApp.js';

/** A logger that keeps what it was told. */
function recordingLogger() {
  const info: string[] = [];
  const warn: string[] = [];
  return {
    info,
    warn,
    logger: { info: (m: string) => info.push(m), warn: (m: string) => warn.push(m) },
  };
}

describe('DashboardServer', () => {
  describe('on its own port (port: 0)', () => {
    let gs: GoldenSignals;
    let url: string;
    let origin: string;
    const log = recordingLogger();

    before(async () => {
      gs = startGoldenSignals({ env: TEST_ENV, port: 0, logger: log.logger });
      url = (await gs.dashboardUrl) as string;
      origin = new URL(url).origin;
    });
    after(() => gs.shutdown());

    it('resolves dashboardUrl to the page on 127.0.0.1, and logs it', () => {
      expect(url).to.match(/^http:\/\/127\.0\.0\.1:[0-9]+\/dashboard$/);
      const port = Number(new URL(url).port);
      expect(port).to.be.within(1, 65_535);
      expect(log.info).to.deep.equal([`dashboard on ${url}`]);
      expect(log.warn).to.deep.equal([]);
    });

    it('redirects / to /dashboard', async () => {
      const res = await send(origin, 'GET', '/');
      expect(res.status).to.equal(302);
      expect(res.headers.location).to.equal('/dashboard');
      expect(JSON.parse(res.body)).to.deep.equal({ error: 'See /dashboard' });
    });

    it('serves the page, unrewritten, at /dashboard', async () => {
      const res = await send(origin, 'GET', '/dashboard');
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.equal('text/html; charset=utf-8');
      expect(res.body).to.include('<meta name="golden-signals-base" content="/dashboard"');
    });

    it('serves /dashboard/overview as JSON', async () => {
      const res = await send(origin, 'GET', '/dashboard/overview');
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.headers['cache-control']).to.equal('no-store');
      const overview = JSON.parse(res.body) as OverviewReport;
      expect(overview.total_requests).to.equal(0);
      expect(overview.data_retention_hours).to.equal(24);
    });

    it('serves the Prometheus text at /metrics, not below /dashboard', async () => {
      const res = await send(origin, 'GET', '/metrics');
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^text\/plain/);
      expect(res.body).to.match(/^# HELP /m);
      const below = await send(origin, 'GET', '/dashboard/metrics');
      expect(below.status).to.equal(404);
    });

    it('answers a JSON 404 anywhere else', async () => {
      for (const path of ['/nope', '/dashboardx', '/metrics/x', '/favicon.ico']) {
        const res = await send(origin, 'GET', path);
        expect(res.status, path).to.equal(404);
        expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
        expect(res.headers['x-content-type-options']).to.equal('nosniff');
        expect(JSON.parse(res.body)).to.deep.equal({ error: 'Not found' });
      }
    });

    it('never counts its own requests, while an app server in the process is counted', async () => {
      const store = gs.store;
      if (store === undefined) expect.fail('the pipeline has a store');
      expect(store.totalRecorded).to.equal(0);
      for (const path of ['/', '/dashboard', '/dashboard/overview', '/metrics', '/nope', '/x']) {
        await send(origin, 'GET', path);
      }
      await send(origin, 'POST', '/dashboard');
      expect(store.totalRecorded).to.equal(0);
      const app = await listen((_req, res) => res.end('ok'));
      try {
        // The same paths on the app's port are the app's own: counted.
        for (const path of ['/dashboard', '/nope']) await send(app.url, 'GET', path);
        const overview = await send(origin, 'GET', '/dashboard/overview');
        expect(store.totalRecorded).to.equal(2);
        expect((JSON.parse(overview.body) as OverviewReport).total_requests).to.equal(2);
      } finally {
        await app.close();
      }
    });
  });

  describe('on a port already taken', () => {
    let blocker: Server;
    let port: number;

    before(async () => {
      blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      port = (blocker.address() as AddressInfo).port;
    });
    after(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

    it('resolves dashboardUrl undefined and warns, naming GOLDEN_SIGNALS_PORT', async () => {
      const log = recordingLogger();
      const gs = startGoldenSignals({ env: TEST_ENV, port, logger: log.logger });
      try {
        expect(await gs.dashboardUrl).to.equal(undefined);
        expect(log.warn).to.have.length(1);
        expect(log.warn[0]).to.equal(
          `dashboard cannot listen on 127.0.0.1:${port} (EADDRINUSE); set GOLDEN_SIGNALS_PORT to a free port, or to off`,
        );
        expect(log.info).to.deep.equal([]);
        // The pipeline itself runs on.
        const app = await listen((_req, res) => res.end('ok'));
        await send(app.url, 'GET', '/a');
        await app.close();
        expect(gs.store?.totalRecorded).to.equal(1);
      } finally {
        await gs.shutdown();
      }
    });
  });

  describe('with port: false', () => {
    it('starts no server: dashboardUrl resolves undefined, nothing logged', async () => {
      const log = recordingLogger();
      const gs = startGoldenSignals({
        env: { ...TEST_ENV, GOLDEN_SIGNALS_PORT: '0' },
        port: false,
        logger: log.logger,
      });
      try {
        expect(gs.config.dashboardPort).to.equal(undefined);
        expect(await gs.dashboardUrl).to.equal(undefined);
        expect(log.info).to.deep.equal([]);
        expect(log.warn).to.deep.equal([]);
      } finally {
        await gs.shutdown();
      }
    });
  });

  describe('reachable from other machines', () => {
    for (const [token, warned] of [
      [undefined, true],
      ['a-token-of-16-chars', false],
    ] as const) {
      it(`${warned ? 'warns' : 'does not warn'} on 0.0.0.0 ${token === undefined ? 'without' : 'with'} GOLDEN_SIGNALS_DASHBOARD_TOKEN`, async () => {
        const log = recordingLogger();
        const gs = startGoldenSignals({
          env: TEST_ENV,
          port: 0,
          host: '0.0.0.0',
          ...(token === undefined ? {} : { dashboardToken: token }),
          logger: log.logger,
        });
        try {
          await gs.dashboardUrl;
          expect(log.warn).to.deep.equal(
            warned
              ? [
                  'WARNING: listening on 0.0.0.0 with no GOLDEN_SIGNALS_DASHBOARD_TOKEN: anyone who can reach this port can read /dashboard and /metrics',
                ]
              : [],
          );
        } finally {
          await gs.shutdown();
        }
      });
    }
  });
});
