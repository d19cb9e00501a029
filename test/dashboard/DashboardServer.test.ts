import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net, { createServer, type Server } from 'node:net';
import { expect } from 'chai';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import { type GoldenSignals, startGoldenSignals } from '../../src/index.js';
import { waitFor } from '../support/childService.js';
import { listen } from '../support/listen.js';
import { jsonRequest, jsonSpan } from '../support/otlpBodies.js';
import { send } from '../support/rawRequest.js';
import { TEST_ENV } from '../support/testApp.js';

/** A connection that sends nothing; `closed` turns true once the server closes it. */
function silentSocket(origin: string): Promise<{ socket: net.Socket; closed(): boolean }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    let closed = false;
    const socket = net.connect(Number(port), hostname);
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
    });
    socket.resume();
    socket.once('connect', () => resolve({ socket, closed: () => closed }));
    socket.once('error', reject);
  });
}

/** GETs `path` over `agent`; answers the status, the body and whether the socket was reused. */
function getOver(agent: http.Agent, origin: string, path: string) {
  return new Promise<{ status: number; body: string; reused: boolean }>((resolve, reject) => {
    const req = http.get(`${origin}${path}`, { agent }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, reused: req.reusedSocket }));
    });
    req.on('error', reject);
  });
}

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

  describe('connection hygiene', () => {
    it('closes every connection that sends no byte within GOLDEN_SIGNALS_FIRST_BYTE_TIMEOUT_MS, and serves on', async () => {
      const gs = startGoldenSignals({
        env: {
          ...TEST_ENV,
          GOLDEN_SIGNALS_FIRST_BYTE_TIMEOUT_MS: '300',
          GOLDEN_SIGNALS_MAX_CONNECTIONS: '1000',
        },
        port: 0,
        logger: recordingLogger().logger,
      });
      const sockets: { socket: net.Socket; closed(): boolean }[] = [];
      try {
        const origin = new URL((await gs.dashboardUrl) as string).origin;
        for (let i = 0; i < 500; i++) sockets.push(await silentSocket(origin));
        // Bounded far above 300 ms; before the fix they stayed open for good.
        await waitFor(
          'the server to close 500 silent connections',
          async () => (sockets.every((s) => s.closed()) ? true : undefined),
          10_000,
        );
        const res = await send(origin, 'GET', '/dashboard/overview');
        expect(res.status).to.equal(200);
      } finally {
        for (const { socket } of sockets) socket.destroy();
        await gs.shutdown();
      }
    });

    it('answers a request whose body pauses longer than the first-byte timeout', async () => {
      const gs = startGoldenSignals({
        env: { ...TEST_ENV, GOLDEN_SIGNALS_FIRST_BYTE_TIMEOUT_MS: '100' },
        port: 0,
        logger: recordingLogger().logger,
      });
      try {
        const origin = new URL((await gs.dashboardUrl) as string).origin;
        const { socket } = await silentSocket(origin);
        const body = JSON.stringify(jsonRequest([jsonSpan()]));
        const reply = new Promise<string>((resolve) => {
          let text = '';
          socket.on('data', (c: Buffer) => {
            text += c.toString();
            if (text.includes('\r\n\r\n')) resolve(text);
          });
        });
        // Once the head is in, Node's request timeout rules, not the first-byte one.
        socket.write(
          `POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
        );
        await new Promise((resolve) => setTimeout(resolve, 400));
        socket.write(body);
        expect(await reply).to.match(/^HTTP\/1\.1 200 /);
        socket.destroy();
        expect(gs.store?.totalRecorded).to.equal(1);
      } finally {
        await gs.shutdown();
      }
    });

    it('closes connections past GOLDEN_SIGNALS_MAX_CONNECTIONS at once, counts them, and serves the open ones', async () => {
      const log = recordingLogger();
      const gs = startGoldenSignals({
        env: { ...TEST_ENV, GOLDEN_SIGNALS_MAX_CONNECTIONS: '5' },
        port: 0,
        logger: log.logger,
      });
      const agent = new http.Agent({ keepAlive: true, maxSockets: 5 });
      try {
        const origin = new URL((await gs.dashboardUrl) as string).origin;
        const first = await Promise.all(
          Array.from({ length: 5 }, () => getOver(agent, origin, '/dashboard/overview')),
        );
        expect(first.map((r) => r.status)).to.deep.equal([200, 200, 200, 200, 200]);
        // A sixth connection while the five are open: closed by the server, unanswered.
        const extra = await silentSocket(origin);
        await waitFor('the sixth connection to be closed', async () =>
          extra.closed() ? true : undefined,
        );
        const again = await Promise.all(
          Array.from({ length: 5 }, () => getOver(agent, origin, '/dashboard/overview')),
        );
        expect(again.map(({ status, reused }) => ({ status, reused }))).to.deep.equal(
          Array(5).fill({ status: 200, reused: true }),
        );
        const overview = JSON.parse((again[0] as { body: string }).body) as OverviewReport;
        expect(overview.telemetry.own_port).to.deep.equal({
          connection_limit: 5,
          refused_connections: 1,
        });
        expect(log.warn).to.deep.equal([
          'dashboard port at its limit of 5 connections (GOLDEN_SIGNALS_MAX_CONNECTIONS): 1 refused so far',
        ]);
        const scrape = await getOver(agent, origin, '/metrics');
        expect(scrape.body).to.match(/^golden_signals_own_port_refused_connections_total\S* 1$/m);
      } finally {
        agent.destroy();
        await gs.shutdown();
      }
    });
  });
});
