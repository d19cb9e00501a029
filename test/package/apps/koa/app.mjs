// Koa 3 with @koa/router (ESM), started with `node --import golden-signals/register app.js`.
// MOUNT=1 also mounts the dashboard under /ops (run with GOLDEN_SIGNALS_PORT=off).
import Router from '@koa/router';
import { getGoldenSignals } from 'golden-signals';
import Koa from 'koa';

class BoomError extends Error {
  name = 'BoomError';
}

const app = new Koa();
if (process.env.MOUNT === '1') app.use(getGoldenSignals().koa({ prefix: '/ops' }));

const users = new Router();
users.get('/:id', (ctx) => {
  ctx.body = { id: ctx.params.id };
});
users.post('/', (ctx) => {
  ctx.status = 201;
  ctx.body = { id: 'new' };
});
const items = new Router();
items.get('/:id', (ctx) => {
  if (ctx.params.id === 'bad') {
    ctx.status = 400;
    ctx.body = { error: 'bad id' };
  } else ctx.body = { id: ctx.params.id };
});
const api = new Router();
api.use('/users', users.routes());
api.use('/items', items.routes());

const root = new Router();
root.use('/api', api.routes());
root.get('/boom', () => {
  throw new BoomError('boom');
});
root.get('/slow', async (ctx) => {
  await new Promise((resolve) => setTimeout(resolve, Number(ctx.query.ms)));
  ctx.body = { slept: Number(ctx.query.ms) };
});
root.get('/files/{*path}', (ctx) => {
  ctx.body = { path: ctx.params.path };
});
app.use(root.routes());
app.silent = true;

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`app listening on http://127.0.0.1:${server.address().port}`);
});
