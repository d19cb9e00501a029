import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/dashboard/pageAssets.js';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import { waitFor } from '../support/childService.js';
import { OtlpCollectorDouble, SPAN_KIND_SERVER } from '../support/OtlpCollectorDouble.js';
import {
  type CommandResult,
  packProject,
  type RunningApp,
  run,
  startApp,
} from '../support/packedApp.js';

/** `KEEP_PACKAGE_APPS=1` keeps the temporary app (and prints where) for a look after a failure. */
const KEEP = process.env.KEEP_PACKAGE_APPS === '1';
const ROOT = packageRoot();
const FIXTURE = path.join(ROOT, 'test', 'package', 'apps', 'http');
const REGISTER = ['--import', 'golden-signals/register', 'app.js'];
const APP_ENV = { PORT: '0', GOLDEN_SIGNALS_PORT: '0' };
const REQUESTS = 12;

/** The overview of the app's own dashboard. */
async function overview(app: RunningApp): Promise<OverviewReport> {
  const res = await fetch(`${app.dashboardUrl}/overview`);
  expect(res.status, await res.clone().text()).to.equal(200);
  return (await res.json()) as OverviewReport;
}

/** Sends REQUESTS requests to the app; every one must be answered. */
async function sendRequests(app: RunningApp): Promise<void> {
  for (let i = 0; i < REQUESTS; i++) {
    const res = await fetch(`${app.url}/api/users/${i}`);
    expect(res.status).to.equal(200);
    await res.arrayBuffer();
  }
}

/** Waits until the dashboard has counted exactly REQUESTS requests. */
async function countsEveryRequest(app: RunningApp): Promise<void> {
  const seen = await waitFor('the dashboard to count every request', async () => {
    const total = (await overview(app)).total_requests;
    return total >= REQUESTS ? total : undefined;
  });
  expect(seen).to.equal(REQUESTS);
}

/** How many times `needle` occurs in `text`. */
const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

describe('a light install (npm install of the tarball alone, a node:http app)', () => {
  let tmp: string;
  let dir: string;
  let install: CommandResult;

  before(async function () {
    // npm pack plus one npm install: a minute on a cold cache.
    this.timeout(300_000);
    tmp = mkdtempSync(path.join(os.tmpdir(), 'golden-signals-light-'));
    if (KEEP) console.log(`      (keeping the app in ${tmp})`);
    const { file } = await packProject(ROOT, tmp);
    dir = path.join(tmp, 'app');
    mkdirSync(dir);
    const pkg = { name: 'app-light', version: '1.0.0', private: true, type: 'module' };
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    copyFileSync(path.join(FIXTURE, 'app.mjs'), path.join(dir, 'app.js'));
    copyFileSync(path.join(FIXTURE, 'route.mjs'), path.join(dir, 'route.mjs'));
    install = await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', `golden-signals@file:${file}`],
      dir,
    );
  });

  after(() => {
    if (tmp !== undefined && !KEEP) rmSync(tmp, { recursive: true, force: true });
  });

  describe('what npm installs', () => {
    const installed = (name: string) => existsSync(path.join(dir, 'node_modules', name));

    it('installs no gRPC, no gRPC or JSON exporter, no NodeSDK and no client instrumentation', () => {
      for (const name of [
        '@opentelemetry/instrumentation-undici',
        '@opentelemetry/instrumentation-pg',
        '@opentelemetry/instrumentation-ioredis',
        '@grpc/grpc-js',
        '@grpc/proto-loader',
        '@opentelemetry/exporter-trace-otlp-grpc',
        '@opentelemetry/exporter-metrics-otlp-grpc',
        '@opentelemetry/otlp-grpc-exporter-base',
        '@opentelemetry/exporter-trace-otlp-http',
        '@opentelemetry/sdk-node',
      ])
        expect(installed(name), name).to.equal(false);
    });

    it('installs what the dashboard needs: the SDK, the Prometheus exporter, the forwarder, protobufjs', () => {
      for (const name of [
        '@opentelemetry/sdk-trace',
        '@opentelemetry/sdk-metrics',
        '@opentelemetry/exporter-prometheus',
        '@opentelemetry/exporter-trace-otlp-proto',
        'protobufjs',
      ])
        expect(installed(name), name).to.equal(true);
    });

    it('prints no warning about an install script', () => {
      expect(`${install.stdout}\n${install.stderr}`).not.to.match(/install.scripts?/i);
    });
  });

  describe('zero-code (node --import golden-signals/register app.js)', () => {
    let app: RunningApp;
    afterEach(async () => {
      await app?.stop();
    });

    it('counts every request on the dashboard', async () => {
      app = await startApp(dir, REGISTER, APP_ENV, true);
      await sendRequests(app);
      await countsEveryRequest(app);
    });

    it('says in one line, on stderr and in the overview, that fetch has no instrumentation installed, with the npm install of its line', async () => {
      app = await startApp(dir, REGISTER, APP_ENV, true);
      await sendRequests(app);
      await countsEveryRequest(app);
      const output = app.output();
      const line =
        /^golden-signals: (WARNING: fetch is installed without its OpenTelemetry instrumentation.*)$/m.exec(
          output,
        );
      expect(line, output).to.not.equal(null);
      expect(occurrences(output, 'installed without')).to.equal(1);
      // The exact command, in the OpenTelemetry line npm installed (0.33.0 for 2.x, 0.34.0 for 3.x).
      expect(output).to.match(/npm install @opentelemetry\/instrumentation-undici@0\.3[34]\.0 \(/);
      expect((await overview(app)).warnings).to.deep.equal([(line as RegExpExecArray)[1]]);
      await app.stop();
      app = await startApp(
        dir,
        REGISTER,
        { ...APP_ENV, GOLDEN_SIGNALS_CLIENT_INSTRUMENTATIONS: 'off' },
        true,
      );
      await sendRequests(app);
      await countsEveryRequest(app);
      expect(app.output()).not.to.include('installed without');
      expect((await overview(app)).warnings).to.deep.equal([]);
    });

    it('says once which package an exporter named over gRPC needs, and the app and dashboard run on', async () => {
      app = await startApp(
        dir,
        REGISTER,
        {
          ...APP_ENV,
          OTEL_TRACES_EXPORTER: 'memory,otlp',
          OTEL_METRICS_EXPORTER: 'prometheus,otlp',
          OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        },
        true,
      );
      await sendRequests(app);
      await countsEveryRequest(app);
      const output = app.output();
      for (const name of [
        '@opentelemetry/exporter-trace-otlp-grpc',
        '@opentelemetry/exporter-metrics-otlp-grpc',
      ]) {
        expect(occurrences(output, `needs the package ${name}`), output).to.equal(1);
        // The exact line to run, in the OpenTelemetry line npm installed.
        expect(output).to.match(new RegExp(`npm install ${name}@0\\.\\d+\\.\\d+\\b`));
      }
      expect(output).to.match(/OTEL_TRACES_EXPORTER=otlp over grpc/);
    });

    // Last: it installs a package into the app.
    it('exports once the package is installed with the npm install line it printed (http/json)', async function () {
      this.timeout(180_000);
      const collector = await OtlpCollectorDouble.start();
      try {
        const env = {
          ...APP_ENV,
          OTEL_TRACES_EXPORTER: 'memory,otlp',
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
          OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
          OTEL_BSP_SCHEDULE_DELAY: '100',
        };
        app = await startApp(dir, REGISTER, env, true);
        const line = /npm install (@opentelemetry\/exporter-trace-otlp-http@\S+?)\.(?:\s|$)/.exec(
          app.output(),
        );
        expect(line, app.output()).to.not.equal(null);
        await app.stop();
        await run(
          'npm',
          [
            'install',
            '--no-audit',
            '--no-fund',
            '--prefer-offline',
            (line as RegExpExecArray)[1] as string,
          ],
          dir,
        );
        app = await startApp(dir, REGISTER, env, true);
        await sendRequests(app);
        await countsEveryRequest(app);
        await waitFor('every server span at the collector', async () =>
          collector.spans.filter((span) => span.kind === SPAN_KIND_SERVER).length >= REQUESTS
            ? true
            : undefined,
        );
        expect(collector.spans.filter((span) => span.kind === SPAN_KIND_SERVER)).to.have.length(
          REQUESTS,
        );
        expect(collector.requests.map((r) => r.contentType)).to.include('application/json');
        expect(app.output()).not.to.include('needs the package');
      } finally {
        await collector.close();
      }
    });
  });
});
