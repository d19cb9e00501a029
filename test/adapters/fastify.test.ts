import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import Fastify, { type FastifyInstance } from 'fastify';
import type { GoldenSignals } from '../../src/index.js';
import { behavesAsMounted } from '../support/mountedDashboard.js';
import { type RunningServer, startTestPipeline } from '../support/testApp.js';

/** A Fastify app with its own route and the dashboard registered by `register`, listening. */
async function start(register: (app: FastifyInstance) => Promise<unknown>): Promise<RunningServer> {
  const app = Fastify();
  app.get('/hello', async () => 'hello from fastify');
  await register(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

const APP = { appPath: '/hello', appBody: 'hello from fastify' };

describe('adapters/fastify', () => {
  describe('fastify.register(gs.fastify, { prefix: "/ops" })', () => {
    behavesAsMounted({
      prefix: '/ops',
      ...APP,
      start: (gs: GoldenSignals) =>
        start(async (app) => app.register(gs.fastify, { prefix: '/ops' })),
    });
  });

  describe('fastify.register(gs.fastify): the default /dashboard', () => {
    behavesAsMounted({
      prefix: '/dashboard',
      ...APP,
      start: (gs: GoldenSignals) => start(async (app) => app.register(gs.fastify)),
    });
  });

  describe('inside a plugin of its own prefix', () => {
    behavesAsMounted({
      prefix: '/admin/ops',
      ...APP,
      start: (gs: GoldenSignals) =>
        start(async (app) =>
          app.register(
            async (admin) => {
              await admin.register(gs.fastify, { prefix: '/ops' });
            },
            { prefix: '/admin' },
          ),
        ),
    });
  });

  describe('an invalid prefix', () => {
    it('fails the registration with the TypeError naming the prefix', async () => {
      const gs = startTestPipeline();
      const app = Fastify();
      try {
        app.register(gs.fastify, { prefix: '/a b' });
        const error = await app.ready().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(TypeError);
        expect((error as TypeError).message).to.match(/^golden-signals: prefix must look like /);
      } finally {
        await app.close();
        await gs.shutdown();
      }
    });
  });
});
