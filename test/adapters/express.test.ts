import { createRequire } from 'node:module';
import express from 'express';
import { listen } from '../support/listen.js';
import { behavesAsMounted } from '../support/mountedDashboard.js';

// Express 4, installed under the alias `express4`; its API is Express 5's for what is used here.
const express4 = createRequire(import.meta.url)('express4') as typeof express;

/** An Express app with its own route, the dashboard mounted by `mount`. */
function appWith(
  create: typeof express,
  mount: (app: ReturnType<typeof express>) => void,
): ReturnType<typeof express> {
  const app = create();
  mount(app);
  app.get('/hello', (_req, res) => {
    res.type('text/plain').send('hello from express');
  });
  return app;
}

const APP = { appPath: '/hello', appBody: 'hello from express' };

describe('adapters/express', () => {
  for (const [name, create] of [
    ['Express 5', express],
    ['Express 4', express4],
  ] as const) {
    describe(name, () => {
      describe('app.use(gs.express({ prefix: "/ops" }))', () => {
        behavesAsMounted({
          prefix: '/ops',
          ...APP,
          start: (gs) => listen(appWith(create, (app) => app.use(gs.express({ prefix: '/ops' })))),
        });
      });

      describe('app.use("/ops", gs.express({ prefix: "/ops" }))', () => {
        behavesAsMounted({
          prefix: '/ops',
          ...APP,
          start: (gs) =>
            listen(appWith(create, (app) => app.use('/ops', gs.express({ prefix: '/ops' })))),
        });
      });

      describe('app.use(gs.express()): the default /dashboard', () => {
        behavesAsMounted({
          prefix: '/dashboard',
          ...APP,
          start: (gs) => listen(appWith(create, (app) => app.use(gs.express()))),
        });
      });
    });
  }
});
