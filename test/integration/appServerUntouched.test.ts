import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';

/**
 * An app that creates a plain node:http server, opens three silent
 * connections to it, and after a second prints the server's settings and
 * how many of those connections were closed.
 */
const APP = `
import http from 'node:http';
import net from 'node:net';
const server = http.createServer((_req, res) => res.end('ok'));
const settings = (s) => ({
  headersTimeout: s.headersTimeout, requestTimeout: s.requestTimeout,
  keepAliveTimeout: s.keepAliveTimeout, timeout: s.timeout,
  maxConnections: s.maxConnections ?? null, maxHeadersCount: s.maxHeadersCount,
  maxRequestsPerSocket: s.maxRequestsPerSocket,
});
server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  const sockets = await Promise.all([0, 1, 2].map(() => new Promise((ok) => {
    const socket = net.connect(port, '127.0.0.1', () => ok(socket));
  })));
  let closed = 0;
  for (const socket of sockets) socket.on('close', () => closed++);
  setTimeout(() => {
    console.log(JSON.stringify({ settings: settings(server), closed }));
    process.exit(0);
  }, 1000);
});
`;

/** Runs the app, with the preload or without; answers what it printed last. */
async function run(dir: string, preload: boolean): Promise<unknown> {
  const instrumentation = resolve('dist/instrumentation.js');
  const args = preload
    ? ['--import', instrumentation, join(dir, 'app.mjs')]
    : [join(dir, 'app.mjs')];
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')),
  );
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    env: {
      ...inherited,
      GOLDEN_SIGNALS_PORT: '0',
      // Limits that would show at once if they reached the app's server.
      GOLDEN_SIGNALS_FIRST_BYTE_TIMEOUT_MS: '200',
      GOLDEN_SIGNALS_MAX_CONNECTIONS: '1',
    },
    timeout: 20_000,
  });
  const line = stdout.split('\n').find((l) => l.startsWith('{'));
  return JSON.parse(line ?? 'null');
}

describe("the app's own server under the preload", function () {
  this.timeout(45_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gs-app-server-'));
    writeFileSync(join(dir, 'app.mjs'), APP);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps Node's defaults: no first-byte timeout, no connection cap", async () => {
    const bare = await run(dir, false);
    const preloaded = await run(dir, true);
    expect(bare).to.have.property('closed', 0);
    expect(preloaded).to.deep.equal(bare);
  });
});
