import Router from '@koa/router';
import { trace } from '@opentelemetry/api';
import { expect } from 'chai';
import Koa from 'koa';
import { InternalErrors } from '../../src/guard/InternalErrors.js';
import type { GoldenSignals } from '../../src/index.js';
import { hookKoaMatch } from '../../src/routes/hookKoaMatch.js';
import { type RunningServer, serve, startTestPipeline } from '../support/testApp.js';

/** The `http.route` the active server span holds now (an SDK span keeps its attributes). */
function routeNow(): unknown {
  const span = trace.getActiveSpan() as { attributes?: Record<string, unknown> } | undefined;
  return span?.attributes?.['http.route'];
}

describe('hookKoaMatch', () => {
  describe('on a real Koa app with nested, prefixed @koa/router routers', () => {
    let gs: GoldenSignals;
    let server: RunningServer;
    const guard = new InternalErrors({ warn: () => {} });

    before(async () => {
      gs = startTestPipeline();
      const users = new Router({ prefix: '/users' });
      users.use(async (ctx, next) => {
        ctx.state.atMiddleware = { route: routeNow(), matchedRoute: ctx._matchedRoute };
        await next();
      });
      users.get('/:id', (ctx) => {
        ctx.body = { ...ctx.state.atMiddleware, atHandler: routeNow(), read: ctx._matchedRoute };
      });
      const api = new Router();
      api.use('/api', users.routes());
      const app = new Koa();
      hookKoaMatch(app.context, guard);
      app.use(api.routes());
      server = await serve(app);
    });
    after(async () => {
      await server?.close();
      await gs?.shutdown();
    });

    it("names the template on the server span before the route's middleware and handler run", async () => {
      const body = (await (await fetch(`${server.url}/api/users/7`)).json()) as Record<
        string,
        unknown
      >;
      expect(body.route).to.equal('/api/users/:id');
      expect(body.atHandler).to.equal('/api/users/:id');
    });

    it("keeps @koa/router's own _matchedRoute readable, router middleware paths included", async () => {
      const body = (await (await fetch(`${server.url}/api/users/8`)).json()) as Record<
        string,
        unknown
      >;
      // The router writes the middleware layer's path as that layer starts: the app reads
      // it as without the hook, and the span keeps the route's template.
      expect(body.matchedRoute).to.be.a('string').and.not.equal('/api/users/:id');
      expect(body.route).to.equal('/api/users/:id');
      expect(body.read).to.equal('/api/users/:id');
      expect(guard.total).to.equal(0);
    });

    it('names nothing for a path no route matched', async () => {
      const res = await fetch(`${server.url}/api/nope`);
      expect(res.status).to.equal(404);
      expect(guard.total).to.equal(0);
    });
  });

  it('leaves a context where _matchedRoute exists already as it was', () => {
    const context = { _matchedRoute: 'own' };
    hookKoaMatch(context, new InternalErrors({ warn: () => {} }));
    expect(Object.getOwnPropertyDescriptor(context, '_matchedRoute')).to.deep.include({
      value: 'own',
      writable: true,
    });
  });

  it('counts a context it cannot read, and keeps the value written', () => {
    const guard = new InternalErrors({ warn: () => {} });
    const context = {};
    hookKoaMatch(context, guard);
    const ctx = Object.create(context, {
      method: { value: 'GET' },
      matched: {
        get() {
          throw new Error('hostile read');
        },
      },
    }) as { _matchedRoute?: unknown };
    ctx._matchedRoute = '/users/:id';
    expect(ctx._matchedRoute).to.equal('/users/:id');
    expect(guard.bySite).to.deep.equal({ 'route.hook': 1 });
  });
});
