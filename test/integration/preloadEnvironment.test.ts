import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/dashboard/pageAssets.js';

const REGISTER = path.join(packageRoot(), 'dist', 'instrumentation.js');

/** A plain node:http app that listens on a free port and prints it; it reads none of the variables below. */
const APP = `
import http from 'node:http';
const server = http.createServer((req, res) => {
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ ok: true }));
});
server.listen(0, '127.0.0.1', () => console.log('app on http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

interface Started {
  readonly child: ChildProcess;
  readonly app: string;
  readonly dashboard: string;
  output(): string;
}

/** The app under the preload with `env` over a clean environment; resolves once both ports are printed. */
async function startUnderPreload(dir: string, env: Record<string, string>): Promise<Started> {
  const file = path.join(dir, 'app.mjs');
  writeFileSync(file, APP);
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([n]) => !/^(OTEL_|GOLDEN_SIGNALS_)/.test(n)),
  );
  const child = spawn(process.execPath, ['--import', REGISTER, file], {
    env: { ...inherited, GOLDEN_SIGNALS_PORT: '0', ...env },
    stdio: 'pipe',
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const urls = await new Promise<[string, string]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start: ${output}`)), 15_000);
    const check = () => {
      const app = /app on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      const dashboard = /dashboard on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (app !== undefined && dashboard !== undefined) {
        clearTimeout(timer);
        resolve([app, dashboard]);
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
  });
  return { child, app: urls[0], dashboard: urls[1], output: () => output };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** The overview once it counts `n` requests (spans end after the response), for at most 5 s. */
async function overviewCounting(dashboard: string, n: number): Promise<Record<string, unknown>> {
  const until = Date.now() + 5_000;
  for (;;) {
    const overview = (await (await fetch(`${dashboard}/dashboard/overview`)).json()) as Record<
      string,
      unknown
    >;
    if (overview.total_requests === n || Date.now() > until) return overview;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the register preload and the environment', function () {
  this.timeout(40_000);
  let dir: string;
  let started: Started | undefined;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gs-preload-env-'));
  });

  afterEach(async () => {
    if (started !== undefined) await stop(started.child);
    started = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts and monitors an app whose own variables golden-signals once read (PORT, HOST, RETENTION, MAX_SERIES, ...)', async () => {
    started = await startUnderPreload(dir, {
      PORT: ':8080',
      HOST: 'whatever',
      RETENTION: 'banana',
      MAX_SERIES: 'x',
      DASHBOARD_TOKEN: 'short',
      DASHBOARD_SNAPSHOT_FILE: path.join(dir, 'never', 'store.json'),
      DASHBOARD_SNAPSHOT_INTERVAL_MS: 'often',
      REQUEST_TIMEOUT_MS: 'soon',
      HEADERS_TIMEOUT_MS: '1',
      KEEP_ALIVE_TIMEOUT_MS: '-1',
    });
    for (let i = 0; i < 5; i++) expect((await fetch(`${started.app}/x`)).status).to.equal(200);
    const overview = await overviewCounting(started.dashboard, 5);
    expect(overview.total_requests).to.equal(5);
    expect(overview.config_problems).to.deep.equal([]);
    // The defaults, not the app's values: a day of retention, and no token asked.
    expect(overview.data_retention_hours).to.equal(24);
    expect(started.output()).not.to.match(/WARNING|must /);
  });

  it('starts the app on a bad GOLDEN_SIGNALS_* value, says so on stderr and in the overview, and uses the default', async () => {
    started = await startUnderPreload(dir, {
      GOLDEN_SIGNALS_RETENTION: 'banana',
      GOLDEN_SIGNALS_MAX_SERIES: 'x',
      OTEL_TRACES_EXPORTER: 'jaeger',
    });
    for (let i = 0; i < 3; i++) expect((await fetch(`${started.app}/y`)).status).to.equal(200);
    const overview = await overviewCounting(started.dashboard, 3);
    expect(overview.total_requests).to.equal(3);
    expect(overview.data_retention_hours).to.equal(24);
    const problems = overview.config_problems as string[];
    expect(problems).to.have.length(3);
    expect(problems[0]).to.match(/^GOLDEN_SIGNALS_RETENTION must .*got: banana; using the default/);
    for (const name of [
      'GOLDEN_SIGNALS_RETENTION',
      'GOLDEN_SIGNALS_MAX_SERIES',
      'OTEL_TRACES_EXPORTER',
    ]) {
      expect(started.output()).to.match(new RegExp(`golden-signals: WARNING: ${name} must`));
    }
  });
});
