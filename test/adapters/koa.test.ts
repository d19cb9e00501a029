import Router from '@koa/router';
import Koa from 'koa';
import type { GoldenSignals } from '../../src/index.js';
import { listen } from '../support/listen.js';
import { behavesAsMounted } from '../support/mountedDashboard.js';

/** A Koa app whose router answers /hello, with the dashboard's middleware first. */
function startKoa(gs: GoldenSignals, prefix?: string) {
  const app = new Koa();
  const router = new Router();
  router.get('/hello', (ctx) => {
    ctx.type = 'text/plain';
    ctx.body = 'hello from koa';
  });
  app.use(gs.koa(prefix === undefined ? undefined : { prefix }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return listen(app.callback());
}

const APP = { appPath: '/hello', appBody: 'hello from koa' };

describe('adapters/koa', () => {
  describe('app.use(gs.koa({ prefix: "/ops" }))', () => {
    behavesAsMounted({ prefix: '/ops', ...APP, start: (gs) => startKoa(gs, '/ops') });
  });

  describe('app.use(gs.koa()): the default /dashboard', () => {
    behavesAsMounted({ prefix: '/dashboard', ...APP, start: (gs) => startKoa(gs) });
  });
});
