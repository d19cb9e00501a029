import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const PRELOAD = fileURLToPath(new URL('../../instrumentation.js', import.meta.url));
const INDEX = fileURLToPath(new URL('../../src/index.js', import.meta.url));

/** Makes `require('protobufjs')` fail in the process, as a broken install would. */
const BLOCK = `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'protobufjs') throw Object.assign(new Error("Cannot find module 'protobufjs'"), { code: 'MODULE_NOT_FOUND' });
  return resolve.call(this, request, ...rest);
};`;

/** The app: asks the own port for what needs protobufjs, then for what does not, and prints what it got. */
const APP = `import { getGoldenSignals } from ${JSON.stringify(INDEX)};
let unhandled = 0;
process.on('unhandledRejection', () => { unhandled++; });
const origin = new URL(await getGoldenSignals().dashboardUrl).origin;
const protobufMetrics = await fetch(origin + '/metrics', { headers: { accept: 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited' } });
await protobufMetrics.text();
const traces = await fetch(origin + '/v1/traces', { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array([10, 0]) });
const tracesBody = await traces.json();
const textMetrics = await fetch(origin + '/metrics');
await textMetrics.text();
const overview = await (await fetch(origin + '/dashboard/overview')).json();
await new Promise((r) => setTimeout(r, 100));
console.log(JSON.stringify({
  protobufMetrics: protobufMetrics.status,
  traces: traces.status,
  tracesBody,
  textMetrics: textMetrics.status,
  internalErrors: overview.internal_errors,
  unhandled,
}));
process.exit(0);`;

describe('protobufjs that cannot be loaded (it loads at the first use)', () => {
  let dir: string;
  let seen: {
    protobufMetrics: number;
    traces: number;
    tracesBody: { code: number; message: string };
    textMetrics: number;
    internalErrors: { total: number; by_site: Record<string, number> };
    unhandled: number;
  };
  let stderr: string;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'protobufjs-missing-'));
    writeFileSync(path.join(dir, 'block.cjs'), BLOCK);
    writeFileSync(path.join(dir, 'app.mjs'), APP);
    const run = spawnSync(
      process.execPath,
      ['--require', './block.cjs', '--import', PRELOAD, 'app.mjs'],
      {
        cwd: dir,
        env: { ...process.env, GOLDEN_SIGNALS_PORT: '0' },
        encoding: 'utf8',
        // A regression leaves the app waiting on a closed socket: fail, do not hang.
        timeout: 30_000,
      },
    );
    seen = JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as typeof seen;
    stderr = run.stderr;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('answers a protobuf scrape of /metrics with 500, and the text one as usual', () => {
    expect(seen.protobufMetrics).to.equal(500);
    expect(seen.textMetrics).to.equal(200);
  });

  it('answers an OTLP protobuf body with a 500 in OTLP/JSON, its status message generic', () => {
    expect(seen.traces).to.equal(500);
    expect(seen.tracesBody).to.deep.equal({ code: 2, message: 'Internal server error' });
  });

  it('counts the failure once under receiver.request and says it once on stderr', () => {
    expect(seen.internalErrors.by_site['receiver.request']).to.equal(1);
    expect(stderr.match(/internal error in receiver\.request/g)).to.have.length(1);
  });

  it('rejects nothing into the app', () => {
    expect(seen.unhandled).to.equal(0);
  });
});
