import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import {
  DEFAULT_ERROR_TYPES_PER_ENDPOINT,
  DEFAULT_STATUSES_PER_ENDPOINT,
  SERIES_OVERFLOW_ALLOWANCE,
} from '../../src/store/seriesFolding.js';
import { stopChild, waitFor } from '../support/childService.js';
import { cleanEnv } from '../support/packedApp.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The http instrumentation the app runs with: the matrix runs this file on both OTel lines. */
const INSTRUMENTATION_HTTP_VERSION = (() => {
  // Its package.json is not among its exports on the 0.30x line: found from its entry instead.
  const entry = createRequire(import.meta.url).resolve('@opentelemetry/instrumentation-http');
  const dir = entry.slice(
    0,
    entry.lastIndexOf('instrumentation-http') + 'instrumentation-http'.length,
  );
  return (JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as { version: string }).version;
})();
const APP = `${ROOT}test/integration/fixtures/manyErrorClasses.mjs`;
const REGISTER = `${ROOT}dist/instrumentation.js`;
/** Distinct error classes thrown, one request each (the 5,000 made 5,003 series). */
const CLASSES = 5_000;
/** Statuses 200 … 599 answered, one request each. */
const STATUSES = Array.from({ length: 400 }, (_, i) => 200 + i);

/** GETs every path, 16 at a time over keep-alive; resolves when all are answered. */
async function getAll(base: string, paths: readonly string[]): Promise<void> {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++] as string;
      await new Promise<void>((resolve, reject) => {
        const req = http.get({ host: url.hostname, port: url.port, path, agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
      });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  agent.destroy();
}

describe('an Express app under the preload throwing 5,000 distinct error classes', function () {
  this.timeout(180_000);
  let child: ChildProcess;
  let exited: Promise<[number | null]>;
  let overview: OverviewReport;

  before(async () => {
    child = spawn(process.execPath, ['--import', REGISTER, APP], {
      cwd: ROOT,
      env: cleanEnv({ GOLDEN_SIGNALS_PORT: '0' }),
      stdio: 'pipe',
    });
    exited = once(child, 'exit') as Promise<[number | null]>;
    let output = '';
    const collect = (c: Buffer) => {
      output += c.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const [appUrl, dashboard] = await waitFor(
      'the app and its dashboard to listen',
      async () => {
        const port = /LISTENING (\d+)/.exec(output)?.[1];
        const board = /dashboard on (http:\/\/127\.0\.0\.1:\d+\/dashboard)/.exec(output)?.[1];
        return port === undefined || board === undefined
          ? undefined
          : [`http://127.0.0.1:${port}`, board];
      },
      20_000,
      50,
    );
    const paths = [
      ...Array.from({ length: CLASSES }, (_, i) => `/boom/${i}`),
      ...STATUSES.map((code) => `/status/${code}`),
    ];
    await getAll(appUrl, paths);
    overview = await waitFor(
      'every request to be recorded',
      async () => {
        const report = (await (await fetch(`${dashboard}/overview`)).json()) as OverviewReport;
        return report.total_requests >= paths.length ? report : undefined;
      },
      30_000,
      100,
    );
  });
  after(() => stopChild(child, exited, 5_000));

  it('records every request exactly once', () => {
    expect(overview.total_requests).to.equal(CLASSES + STATUSES.length);
  });

  it('holds the series to the limit plus the fixed allowance', () => {
    const { telemetry } = overview;
    expect(telemetry.series).to.be.at.most(telemetry.series_limit + SERIES_OVERFLOW_ALLOWANCE);
  });

  it('folds the error classes past the limit of the route, each fold counted', () => {
    const boom = CLASSES - DEFAULT_ERROR_TYPES_PER_ENDPOINT;
    // The 0.30x http instrumentation (the OTel 3.x line) also types a 5xx answer
    // by its code (error.type 500 … 599), so /status/:code's 100 server errors
    // fold past the limit too; the 0.2xx line leaves them untyped.
    const serverErrors = STATUSES.filter((s) => s >= 500).length;
    const typesStatuses = INSTRUMENTATION_HTTP_VERSION.startsWith('0.3');
    expect(overview.telemetry.folded_error_type_requests).to.equal(
      typesStatuses ? boom + serverErrors - DEFAULT_ERROR_TYPES_PER_ENDPOINT : boom,
    );
    expect(overview.telemetry.folded_method_requests).to.equal(0);
  });

  it('folds the statuses past the limit of the route, x99 ones never', () => {
    const foldValues = STATUSES.filter((s) => s % 100 === 99).length;
    expect(overview.telemetry.folded_status_requests).to.equal(
      STATUSES.length - DEFAULT_STATUSES_PER_ENDPOINT - foldValues,
    );
  });
});
