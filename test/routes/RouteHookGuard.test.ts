import diagnosticsChannel from 'node:diagnostics_channel';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { expect } from 'chai';
import Koa from 'koa';
import { InternalErrors } from '../../src/guard/InternalErrors.js';
import { FastifyRouteInstrumentation } from '../../src/routes/FastifyRouteInstrumentation.js';
import { KoaRouteInstrumentation } from '../../src/routes/KoaRouteInstrumentation.js';

/** A guard whose one-line logs are kept for the test. */
function guardWithLog(): { guard: InternalErrors; lines: string[] } {
  const lines: string[] = [];
  return { guard: new InternalErrors({ warn: (m) => lines.push(m) }), lines };
}

/** An object whose every property read throws, as a changed or hostile framework might hand us. */
const hostile = new Proxy(
  {},
  {
    get() {
      throw new Error('hostile read');
    },
  },
);

describe('route hooks behind the guard', () => {
  describe('FastifyRouteInstrumentation', () => {
    let instrumentation: FastifyRouteInstrumentation | undefined;
    afterEach(() => instrumentation?.disable());

    it('counts an initialization message it cannot read, and throws nothing into the publisher', async () => {
      const { guard, lines } = guardWithLog();
      instrumentation = new FastifyRouteInstrumentation({}, guard);
      const uncaught: unknown[] = [];
      const onUncaught = (err: unknown) => uncaught.push(err);
      process.prependListener('uncaughtException', onUncaught);
      try {
        diagnosticsChannel.channel('fastify.initialization').publish(hostile);
        // diagnostics_channel rethrows a subscriber's error on the next tick.
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        process.removeListener('uncaughtException', onUncaught);
      }
      expect(uncaught).to.deep.equal([]);
      expect(guard.bySite).to.deep.equal({ 'route.hook': 1 });
      expect(lines).to.have.length(1);
      expect(lines[0]).to.match(/route\.hook.*hostile read/);
    });

    it("counts failing onRequest and onError hooks and still calls Fastify's done", () => {
      const { guard } = guardWithLog();
      instrumentation = new FastifyRouteInstrumentation({}, guard);
      const hooks = new Map<string, (...args: unknown[]) => void>();
      diagnosticsChannel.channel('fastify.initialization').publish({
        fastify: {
          addHook: (name: string, hook: (...args: unknown[]) => void) => hooks.set(name, hook),
        },
      });
      expect([...hooks.keys()]).to.deep.equal(['onRequest', 'onError']);
      let done = 0;
      hooks.get('onRequest')?.(hostile, {}, () => done++);
      hooks.get('onError')?.(hostile, {}, new Error('app error'), () => done++);
      expect(done).to.equal(2);
      expect(guard.total).to.equal(2);
    });
  });

  describe('KoaRouteInstrumentation', () => {
    it('counts a route it cannot read on a real Koa app, and the app answers as without it', async () => {
      const { guard } = guardWithLog();
      const instrumentation = new KoaRouteInstrumentation({ enabled: false }, guard);
      // Patch the real Koa class as the require hook would, and undo it afterwards.
      const [koa] = (
        instrumentation as unknown as { _modules: InstrumentationNodeModuleDefinition[] }
      )._modules;
      koa?.patch?.(Koa);
      const server = http.createServer();
      try {
        const app = new Koa();
        app.use(async (ctx, next) => {
          // What @koa/router leaves on the context, but unreadable.
          Object.defineProperty(ctx, 'matched', { get: () => [hostile] });
          await next();
          ctx.body = { ok: true };
        });
        server.on('request', app.callback());
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const { port } = server.address() as AddressInfo;
        const res = await fetch(`http://127.0.0.1:${port}/x`);
        expect(res.status).to.equal(200);
        expect(await res.json()).to.deep.equal({ ok: true });
        expect(guard.bySite).to.deep.equal({ 'route.hook': 1 });
      } finally {
        server.close();
        koa?.unpatch?.(Koa);
      }
    });
  });
});
