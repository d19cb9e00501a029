import diagnosticsChannel from 'node:diagnostics_channel';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import Fastify from 'fastify';
import { InternalErrors } from '../../src/guard/InternalErrors.js';
import {
  FASTIFY_ROUTE_CONTEXT,
  FastifyRouteInstrumentation,
} from '../../src/routes/FastifyRouteInstrumentation.js';

/** The route context a request carries under Fastify's private symbol, as the hook reads it. */
function routeContextOf(request: object): { config?: { url?: unknown } } | undefined {
  const key = Object.getOwnPropertySymbols(request).find(
    (s) => s.description === FASTIFY_ROUTE_CONTEXT,
  );
  return key === undefined
    ? undefined
    : ((request as Record<symbol, unknown>)[key] as { config?: { url?: unknown } });
}

describe('FastifyRouteInstrumentation', () => {
  // The hook reads the template from Fastify's private route context, not from
  // `request.routeOptions` (a fresh object per read): this watches that shape.
  it("reads the installed Fastify's route context: the template for a route, none for the 404 handler", async () => {
    const app = Fastify();
    const seen: { url: unknown; public: unknown; is404: unknown }[] = [];
    app.addHook('onRequest', (request, _reply, done) => {
      seen.push({
        url: routeContextOf(request)?.config?.url,
        public: request.routeOptions.url,
        is404: request.is404,
      });
      done();
    });
    await app.register(async (api) => api.get('/users/:id', async () => 'user'), {
      prefix: '/api',
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.server.address() as AddressInfo;
      expect((await fetch(`http://127.0.0.1:${port}/api/users/7`)).status).to.equal(200);
      expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).to.equal(404);
    } finally {
      await app.close();
    }
    expect(seen).to.deep.equal([
      { url: '/api/users/:id', public: '/api/users/:id', is404: false },
      { url: undefined, public: undefined, is404: true },
    ]);
  });

  it('adds only the onRequest and onError hooks, and subscribes to no per-request channel', () => {
    const instrumentation = new FastifyRouteInstrumentation({}, InternalErrors.toConsole());
    try {
      const hooks: string[] = [];
      diagnosticsChannel.channel('fastify.initialization').publish({
        fastify: { addHook: (name: string) => hooks.push(name) },
      });
      expect(hooks).to.deep.equal(['onRequest', 'onError']);
      // A subscriber there would make Fastify build and publish a message per request.
      expect(diagnosticsChannel.tracingChannel('fastify.request.handler').hasSubscribers).to.equal(
        false,
      );
    } finally {
      instrumentation.disable();
    }
  });
});
