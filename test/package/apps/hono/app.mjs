// Hono 4 on @hono/node-server (ESM), started with `node --import golden-signals/register app.js`.
// Sub-apps mounted with app.route(), a middleware on every path, thrown HTTPExceptions.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';

class BoomError extends Error {}

const users = new Hono();
users.get('/:id', (c) => c.json({ id: c.req.param('id') }));
users.get('/:userId/posts/:postId', (c) => c.json(c.req.param()));
users.post('/', async (c) => c.json({ id: 'new', name: (await c.req.json()).name ?? null }, 201));

const items = new Hono();
items.get('/:id', (c) => {
  const id = c.req.param('id');
  if (id === 'bad') throw new HTTPException(400, { message: 'bad id' });
  if (id === 'missing') throw new HTTPException(404, { message: 'no such item' });
  return c.json({ id });
});

const api = new Hono();
api.route('/users', users);
api.route('/items', items);
api.get('/boom', async () => {
  throw new BoomError('boom');
});
api.get('/slow', async (c) => {
  const ms = Number(c.req.query('ms'));
  await new Promise((resolve) => setTimeout(resolve, ms));
  return c.json({ slept: ms });
});
api.get('/files/*', (c) => c.json({ path: c.req.path }));

const app = new Hono();
// A middleware on every path: it passes every request on, so it names none.
app.use('*', async (c, next) => {
  await next();
  c.header('x-app', 'hono');
});
app.route('/api', api);

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, (info) => {
  console.log(`app listening on http://127.0.0.1:${info.port}`);
});
