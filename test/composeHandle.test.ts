import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { RequestsReport } from '../src/dashboard/queries/requestsQuery.js';
import { type GoldenSignals, startGoldenSignals } from '../src/index.js';
import { listen, listening, type RunningServer } from './support/listen.js';
import { send } from './support/rawRequest.js';
import { getJson, TEST_ENV } from './support/testApp.js';

const SILENT = { info: () => {}, warn: () => {} };

describe('composeHandle', () => {
  describe('#shutdown', function () {
    // A deadline of 2 s, with room for a loaded machine; before the fix this
    // shutdown waited on the hanging export for about 15 s.
    this.timeout(10_000);
    let dir: string;
    let hanging: RunningServer;
    let hangingServer: http.Server;

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'gs-host-shutdown-'));
      // An OTLP endpoint that takes every export and never answers.
      hangingServer = http.createServer(() => {});
      hanging = await listening(hangingServer);
    });
    afterEach(async () => {
      await hanging.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('writes the snapshot within its deadline though the OTLP flush and an own-port request hang, once', async () => {
      const file = join(dir, 'dashboard.json');
      // The exporter reads its own timeout from process.env when it is built, not from the options.
      const saved = process.env.OTEL_EXPORTER_OTLP_TIMEOUT;
      process.env.OTEL_EXPORTER_OTLP_TIMEOUT = '600000';
      const start = () =>
        startGoldenSignals({
          env: {
            ...TEST_ENV,
            OTEL_TRACES_EXPORTER: 'memory,otlp',
            OTEL_EXPORTER_OTLP_ENDPOINT: hanging.url,
            OTEL_BSP_EXPORT_TIMEOUT: '600000',
            GOLDEN_SIGNALS_SNAPSHOT_FILE: file,
          },
          port: 0,
          logger: SILENT,
        });
      let gs: GoldenSignals;
      try {
        gs = start();
      } finally {
        if (saved === undefined) delete process.env.OTEL_EXPORTER_OTLP_TIMEOUT;
        else process.env.OTEL_EXPORTER_OTLP_TIMEOUT = saved;
      }
      const app = await listen((_req, res) => res.end('ok'));
      await send(app.url, 'GET', '/counted');
      await app.close();
      // A request on the own port whose body never ends.
      const own = new URL((await gs.dashboardUrl) as string);
      const stuck = http.request({
        host: own.hostname,
        port: own.port,
        method: 'POST',
        path: '/v1/traces',
        headers: { 'content-type': 'application/json', 'content-length': '1000' },
      });
      stuck.on('error', () => {});
      stuck.write('{');
      const first = gs.shutdown({ timeoutMs: 2_000 });
      expect(gs.shutdown()).to.equal(first);
      await first;
      expect(existsSync(file)).to.equal(true);
      const restored = startGoldenSignals({
        env: { ...TEST_ENV, GOLDEN_SIGNALS_SNAPSHOT_FILE: file },
        port: false,
        logger: SILENT,
      });
      try {
        const dash = restored.handler();
        const reader = await listen((req, res) => {
          if (!dash(req, res)) res.end();
        });
        const report = await getJson<RequestsReport>(`${reader.url}/dashboard/requests`);
        await reader.close();
        expect(report.total).to.equal(1);
      } finally {
        await restored.shutdown();
      }
    });
  });
});
