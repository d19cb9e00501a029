import { EventEmitter } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { context, trace } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { type ReadableSpan, TracerProvider } from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import { emitsRequest } from '../../../src/telemetry/http/ChannelServerPath.js';
import { LeanHttpInstrumentation } from '../../../src/telemetry/http/LeanHttpInstrumentation.js';
import { NoEmitterBindingContextManager } from '../../../src/telemetry/NoEmitterBindingContextManager.js';
import { listening, type RunningServer } from '../../support/listen.js';

/** Writes raw bytes on a fresh socket and reads until the server closes or `until` matches. */
function rawExchange(port: number, bytes: string, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (d) => {
      text += d.toString();
      if (until.test(text)) socket.destroy();
    });
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

/** One keep-alive connection's GETs, in turn; the bodies. */
async function getOnOneConnection(port: number, paths: readonly string[]): Promise<string[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const bodies: string[] = [];
  try {
    for (const path of paths) {
      bodies.push(
        await new Promise<string>((resolve, reject) => {
          http
            .get({ port, host: '127.0.0.1', path, agent }, (res) => {
              let body = '';
              res.on('data', (c: Buffer) => {
                body += c.toString();
              });
              res.on('end', () => resolve(body));
            })
            .on('error', reject);
        }),
      );
    }
  } finally {
    agent.destroy();
  }
  return bodies;
}

/** Waits (bounded) until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('ChannelServerPath: SERVER spans over Node’s HTTP diagnostics_channels', () => {
  const ended: ReadableSpan[] = [];
  let manager: NoEmitterBindingContextManager;
  let provider: TracerProvider;
  let instrumentation: LeanHttpInstrumentation;
  let server: RunningServer;
  let port: number;
  /** What each handler saw: the active span's id and the RPC metadata's span id. */
  const seen = new Map<string, { active?: string; afterAwait?: string; rpc?: string }>();
  /** `Server.prototype.emit` before the path is enabled (another test file may have patched it and left a wrapper). */
  let emitBefore: unknown;
  let ownEmitBefore = false;

  before(async () => {
    manager = new NoEmitterBindingContextManager().enable();
    context.setGlobalContextManager(manager);
    provider = new TracerProvider({
      spanProcessors: [
        {
          onStart: () => {},
          onEnd: (span) => ended.push(span),
          forceFlush: () => Promise.resolve(),
          shutdown: () => Promise.resolve(),
        },
      ],
    });
    instrumentation = new LeanHttpInstrumentation(
      {
        enabled: false,
        // Nothing of node:http is patched in this process: outgoing off, and the channel path incoming.
        disableOutgoingRequestInstrumentation: true,
        ignoreIncomingRequestHook: (req) => req.url === '/ignored',
      },
      { ownHistogram: true, attributesAfterStart: true, enterContext: manager.enterer() },
    );
    instrumentation.setTracerProvider(provider);
    emitBefore = http.Server.prototype.emit;
    ownEmitBefore = Object.hasOwn(http.Server.prototype, 'emit');
    instrumentation.enable();
    const app = http.createServer(async (req, res) => {
      const url = req.url ?? '';
      const entry: { active?: string; afterAwait?: string; rpc?: string } = {
        active: trace.getActiveSpan()?.spanContext().spanId,
      };
      const rpc = getRPCMetadata(context.active());
      if (rpc?.type === RPCType.HTTP) {
        entry.rpc = rpc.span.spanContext().spanId;
        rpc.route = url.startsWith('/items/') ? '/items/:id' : url;
      }
      seen.set(url, entry);
      await new Promise((r) => setTimeout(r, 1));
      entry.afterAwait = trace.getActiveSpan()?.spanContext().spanId;
      if (url === '/child') provider.getTracer('app').startSpan('child').end();
      if (url === '/hang') {
        res.writeHead(202, { 'content-type': 'text/plain' });
        res.write('partial');
        return; // the client hangs up; the response never finishes
      }
      res.end(url);
    });
    server = await listening(app);
    port = Number(new URL(server.url).port);
  });

  after(async () => {
    instrumentation.disable();
    await server.close();
    context.disable();
  });

  beforeEach(() => {
    ended.length = 0;
    seen.clear();
  });

  const spanOf = (path: string): ReadableSpan | undefined =>
    ended.find((s) => s.attributes['url.path'] === path);

  it('takes the channel path under a context manager that can enter, and patches no emit', () => {
    expect(instrumentation.channelPath).to.not.equal(undefined);
    // Enabling it changed nothing there: Node's own emit when nothing else patched it first.
    expect(http.Server.prototype.emit).to.equal(emitBefore);
    expect(Object.hasOwn(http.Server.prototype, 'emit')).to.equal(ownEmitBefore);
    if (!ownEmitBefore) expect(http.Server.prototype.emit).to.equal(EventEmitter.prototype.emit);
  });

  it('runs the handler, and what it awaits, in the span’s context: route hooks and child spans see it', async () => {
    await getOnOneConnection(port, ['/items/1', '/child']);
    await until(() => ended.length >= 3);
    const span = spanOf('/items/1') as ReadableSpan;
    const id = span.spanContext().spanId;
    expect(seen.get('/items/1')).to.deep.equal({ active: id, afterAwait: id, rpc: id });
    // The RPC metadata's route names the span, as on the stock path.
    expect(span.name).to.equal('GET /items/:id');
    expect(span.attributes['http.route']).to.equal('/items/:id');
    const child = ended.find((s) => s.name === 'child') as ReadableSpan;
    const parent = spanOf('/child') as ReadableSpan;
    expect(child.parentSpanContext?.spanId).to.equal(parent.spanContext().spanId);
    expect(child.spanContext().traceId).to.equal(parent.spanContext().traceId);
  });

  it('on one keep-alive connection each request sees its own span, an ignored one none (no context left over)', async () => {
    await getOnOneConnection(port, ['/items/2', '/ignored', '/items/3']);
    await until(() => ended.length >= 2);
    expect(ended.map((s) => s.attributes['url.path'])).to.deep.equal(['/items/2', '/items/3']);
    expect(seen.get('/ignored')).to.deep.equal({ active: undefined, afterAwait: undefined });
    expect(seen.get('/items/3')?.active).to.equal(spanOf('/items/3')?.spanContext().spanId);
    expect(instrumentation.channelPath).to.not.equal(undefined);
  });

  it('ends the span of a request whose client hung up before the response finished, once, with the status it had', async () => {
    const recorded = (): number =>
      (instrumentation.serverDurations?.nativeSeries() ?? [])
        .filter((c) => c.attributes['http.route'] === '/hang')
        .reduce((n, c) => n + c.count, 0);
    await rawExchange(port, `GET /hang HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, /partial/);
    await until(() => spanOf('/hang') !== undefined);
    await new Promise((r) => setTimeout(r, 50));
    const hung = ended.filter((s) => s.attributes['url.path'] === '/hang');
    expect(hung).to.have.length(1);
    expect(hung[0]?.attributes['http.response.status_code']).to.equal(202);
    expect(hung[0]?.status.code).to.equal(0);
    // The duration histogram counted it once too.
    expect(recorded()).to.equal(1);
  });

  it('makes no span for what Node answers itself (400 without Host, 417), as the stock path makes none', async () => {
    const noHost = await rawExchange(port, 'GET /items/4 HTTP/1.1\r\n\r\n', /\r\n\r\n/);
    const expectation = await rawExchange(
      port,
      `GET /items/5 HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n`,
      /\r\n\r\n/,
    );
    const continued = await rawExchange(
      port,
      `GET /items/6 HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
      /\/items\/6$/,
    );
    expect(noHost).to.match(/^HTTP\/1\.1 400/);
    expect(expectation).to.match(/^HTTP\/1\.1 417/);
    expect(continued).to.match(/^HTTP\/1\.1 100 Continue/);
    await until(() => spanOf('/items/6') !== undefined);
    expect(ended.map((s) => s.attributes['url.path'])).to.deep.equal(['/items/6']);
  });

  it('counts each request the path served once', async () => {
    const before = { ...instrumentation.served };
    await getOnOneConnection(port, ['/items/7', '/items/8']);
    expect(instrumentation.served.lean - before.lean).to.equal(2);
    expect(instrumentation.served.stock).to.equal(before.stock);
  });

  it('stops on disable(): no span, and the handler runs outside any', async () => {
    instrumentation.disable();
    try {
      await getOnOneConnection(port, ['/items/9']);
      await new Promise((r) => setTimeout(r, 20));
      expect(ended).to.have.length(0);
      expect(seen.get('/items/9')?.active).to.equal(undefined);
    } finally {
      instrumentation.enable();
    }
  });
});

describe('emitsRequest', () => {
  const server = http.createServer();
  const request = (
    major: number,
    minor: number,
    headers: http.IncomingHttpHeaders,
  ): http.IncomingMessage =>
    ({ httpVersionMajor: major, httpVersionMinor: minor, headers }) as http.IncomingMessage;

  it('follows Node’s own checks before it emits request', () => {
    expect(emitsRequest(request(1, 1, { host: 'a' }), server)).to.equal(true);
    expect(emitsRequest(request(1, 1, {}), server)).to.equal(false);
    expect(emitsRequest(request(1, 0, {}), server)).to.equal(true);
    expect(emitsRequest(request(1, 1, { host: 'a', expect: '100-continue' }), server)).to.equal(
      true,
    );
    expect(emitsRequest(request(1, 1, { host: 'a', expect: 'teapot' }), server)).to.equal(false);
    const continuing = http.createServer();
    continuing.on('checkContinue', () => {});
    expect(emitsRequest(request(1, 1, { host: 'a', expect: '100-continue' }), continuing)).to.equal(
      false,
    );
    const lax = http.createServer({ requireHostHeader: false });
    expect(emitsRequest(request(1, 1, {}), lax)).to.equal(true);
  });
});
