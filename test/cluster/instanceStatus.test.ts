import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { parseServeCommand } from '../../src/cli/serveCommand.js';
import { STATUS_PATH } from '../../src/cluster/InstanceReporter.js';
import { InstanceStatusBoard } from '../../src/cluster/InstanceStatusBoard.js';
import { parseInstanceStatus } from '../../src/cluster/parseInstanceStatus.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import type { GoldenSignals } from '../../src/index.js';
import type { InstanceStatus } from '../../src/reportInputs/InstanceStatus.js';
import { listen, type RunningServer } from '../support/listen.js';
import { startTestPipeline } from '../support/testApp.js';

const TOKEN = 'a-test-token-of-32-characters-xx';

const STATUS: InstanceStatus = {
  service: 'checkout',
  instance: 'host-a:4242',
  saturation: {
    event_loop_delay_p99_ms: 12.5,
    event_loop_utilization: 0.25,
    heap_used_bytes: 1e7,
    rss_bytes: 5e7,
  },
  forwarded: { exported: 90, failed: 1, dropped: 2, pending: 3 },
};

describe('instance status (cluster workers report what spans cannot carry)', () => {
  describe('parseInstanceStatus', () => {
    it('takes a well-formed status', () => {
      expect(parseInstanceStatus(JSON.parse(JSON.stringify(STATUS)))).to.deep.equal(STATUS);
    });

    const bad: [string, unknown][] = [
      ['null', null],
      ['an array', [STATUS]],
      ['no service', { ...STATUS, service: undefined }],
      ['an empty service', { ...STATUS, service: '' }],
      ['a 257-character instance', { ...STATUS, instance: 'x'.repeat(257) }],
      ['a control character', { ...STATUS, instance: 'a\nb' }],
      ['no saturation', { ...STATUS, saturation: undefined }],
      ['a negative heap', { ...STATUS, saturation: { ...STATUS.saturation, heap_used_bytes: -1 } }],
      ['a string count', { ...STATUS, forwarded: { ...STATUS.forwarded, dropped: '2' } }],
      [
        'an infinite count',
        { ...STATUS, forwarded: { ...STATUS.forwarded, pending: Number.POSITIVE_INFINITY } },
      ],
    ];
    for (const [what, body] of bad) {
      it(`refuses ${what}, saying why`, () => {
        expect(parseInstanceStatus(body)).to.be.a('string').and.not.equal('');
      });
    }
  });

  describe('InstanceStatusBoard', () => {
    it('keeps the newest status per instance and sums the forwarding figures', () => {
      const board = new InstanceStatusBoard();
      board.accept(STATUS, 1);
      board.accept(
        { ...STATUS, forwarded: { exported: 100, failed: 0, dropped: 2, pending: 0 } },
        2,
      );
      board.accept({ ...STATUS, instance: 'host-b:1' }, 3);
      expect(board.size).to.equal(2);
      expect(board.get('checkout', 'host-a:4242')?.atMs).to.equal(2);
      expect(board.forwardedTotals()).to.deep.equal({
        exported: 190,
        failed: 1,
        dropped: 4,
        pending: 3,
      });
    });

    it('forgets the instance reported longest ago past its limit, and counts it', () => {
      const board = new InstanceStatusBoard(2);
      for (const [i, id] of ['a', 'b', 'c'].entries()) board.accept({ ...STATUS, instance: id }, i);
      board.accept({ ...STATUS, instance: 'b' }, 9);
      board.accept({ ...STATUS, instance: 'd' }, 10);
      expect(board.get('checkout', 'a')).to.equal(undefined);
      expect(board.get('checkout', 'c')).to.equal(undefined);
      expect(board.get('checkout', 'b')?.atMs).to.equal(9);
      expect(board.evicted).to.equal(2);
    });
  });

  describe(`POST <prefix>${STATUS_PATH} on a mounted dashboard (with a token)`, () => {
    let gs: GoldenSignals;
    let server: RunningServer;
    let url: string;

    before(async () => {
      gs = startTestPipeline({ GOLDEN_SIGNALS_DASHBOARD_TOKEN: TOKEN });
      const dash = gs.handler({ prefix: '/ops' });
      server = await listen((req: IncomingMessage, res: ServerResponse) => {
        if (!dash(req, res)) res.writeHead(404).end();
      });
      url = `${server.url}/ops${STATUS_PATH}`;
    });
    after(async () => {
      await server.close();
      await gs.shutdown();
    });

    const post = (body: string | Buffer, headers: Record<string, string> = {}, method = 'POST') =>
      fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
          ...headers,
        },
        ...(method === 'GET' ? {} : { body }),
      });

    it('takes a status with 204, and the overview shows it once the instance has requests', async () => {
      const res = await post(JSON.stringify(STATUS));
      expect(res.status).to.equal(204);
      gs.store?.record({
        timestampMs: Date.now(),
        durationMs: 5,
        endpoint: '/pay',
        method: 'POST',
        statusCode: 200,
        service: STATUS.service,
        instance: STATUS.instance,
      });
      const res2 = await fetch(`${server.url}/ops/overview`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const overview = (await res2.json()) as OverviewReport;
      const shown = overview.instances.find((i) => i.instance === STATUS.instance);
      expect(shown?.saturation).to.deep.equal(STATUS.saturation);
      expect(shown?.forwarding).to.include({
        exported_spans: 90,
        failed_spans: 1,
        dropped_spans: 2,
        pending_spans: 3,
      });
      expect(overview.telemetry.forwarded).to.deep.equal({
        exported_spans: 90,
        failed_spans: 1,
        dropped_spans: 2,
        pending_spans: 3,
        instances: 1,
      });
    });

    const cases: [string, () => Promise<Response>, number][] = [
      ['no token', () => post(JSON.stringify(STATUS), { authorization: '' }), 401],
      ['a wrong token', () => post(JSON.stringify(STATUS), { authorization: 'Bearer nope' }), 401],
      ['GET', () => post('', {}, 'GET'), 405],
      ['text/plain', () => post(JSON.stringify(STATUS), { 'content-type': 'text/plain' }), 415],
      ['malformed JSON', () => post('{"service":'), 400],
      ['a wrong shape', () => post(JSON.stringify({ ...STATUS, forwarded: 3 })), 400],
      [
        'a body over 16 KiB',
        () => post(JSON.stringify({ ...STATUS, pad: 'x'.repeat(20_000) })),
        413,
      ],
      [
        'a gzip body (not accepted: statuses are small)',
        () => post(gzipSync(JSON.stringify(STATUS)), { 'content-encoding': 'gzip' }),
        400,
      ],
    ];
    for (const [what, send, status] of cases) {
      it(`answers ${what} with ${status} and a JSON error, never a 5xx`, async () => {
        const res = await send();
        expect(res.status).to.equal(status);
        const body = (await res.json()) as { error?: unknown };
        expect(body.error).to.be.a('string');
      });
    }
  });

  describe('configuration', () => {
    it('defaults: cluster auto, forward to the own port on loopback, 500 ms delay', () => {
      expect(loadConfig({}).cluster).to.deep.equal({
        mode: 'auto',
        receiverUrl: 'http://127.0.0.1:9469',
        forwardDelayMs: 500,
      });
    });
    it('has no forward URL without a fixed own port', () => {
      expect(loadConfig({ GOLDEN_SIGNALS_PORT: '0' }).cluster.receiverUrl).to.equal(undefined);
      expect(loadConfig({ GOLDEN_SIGNALS_PORT: 'off' }).cluster.receiverUrl).to.equal(undefined);
    });
    it('takes GOLDEN_SIGNALS_FORWARD_URL as an origin, trailing slash dropped', () => {
      const config = loadConfig({ GOLDEN_SIGNALS_FORWARD_URL: 'http://10.0.0.5:9469/' });
      expect(config.cluster.receiverUrl).to.equal('http://10.0.0.5:9469');
    });
    for (const [name, value] of [
      ['GOLDEN_SIGNALS_CLUSTER', 'sometimes'],
      ['GOLDEN_SIGNALS_FORWARD_URL', 'ftp://x'],
      ['GOLDEN_SIGNALS_FORWARD_URL', 'http://x/?a=1'],
      ['GOLDEN_SIGNALS_FORWARD_URL', 'not a url'],
      ['GOLDEN_SIGNALS_FORWARD_DELAY_MS', '5'],
    ] as const) {
      it(`refuses ${name}=${value}, naming the variable`, () => {
        expect(() => loadConfig({ [name]: value }))
          .to.throw(ConfigError)
          .with.property('message')
          .that.includes(name);
      });
    }
  });

  describe('golden-signals serve (command line)', () => {
    it('serves with --port and --host, tracing nothing but the store', () => {
      expect(parseServeCommand(['serve', '--port', '0', '--host', '::1'])).to.deep.equal({
        kind: 'serve',
        options: { port: 0, host: '::1', tracesExporters: ['memory'] },
      });
    });
    it('prints usage for --help (exit 0) and nothing (exit 2)', () => {
      expect(parseServeCommand(['--help'])).to.include({ kind: 'exit', code: 0 });
      expect(parseServeCommand([])).to.include({ kind: 'exit', code: 2 });
    });
    for (const argv of [
      ['start'],
      ['serve', '--port', '70000'],
      ['serve', '--nope'],
      ['serve', 'x'],
    ]) {
      it(`refuses ${argv.join(' ')} with exit 2 and a message`, () => {
        const command = parseServeCommand(argv);
        expect(command.kind).to.equal('exit');
        if (command.kind === 'exit') {
          expect(command.code).to.equal(2);
          expect(command.text).to.match(/Usage: golden-signals serve/);
        }
      });
    }
  });
});
