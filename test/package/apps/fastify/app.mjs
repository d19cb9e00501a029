// Fastify 5 (ESM), started with `node --import golden-signals/register app.js`.
// MOUNT=1 also registers the dashboard under /ops (run with GOLDEN_SIGNALS_PORT=off).
import Fastify from 'fastify';
import { getGoldenSignals } from 'golden-signals';

class BoomError extends Error {
  name = 'BoomError';
}

const app = Fastify();
if (process.env.MOUNT === '1') await app.register(getGoldenSignals().fastify, { prefix: '/ops' });

await app.register(
  async (api) => {
    await api.register(
      async (users) => {
        users.get('/:id', async (req) => ({ id: req.params.id }));
        users.post('/', async (req, reply) => {
          reply.code(201);
          return { id: 'new', name: req.body?.name ?? null };
        });
      },
      { prefix: '/users' },
    );
    await api.register(
      async (items) => {
        items.get('/:id', async (req, reply) => {
          if (req.params.id === 'bad') {
            reply.code(400);
            return { error: 'bad id' };
          }
          return { id: req.params.id };
        });
      },
      { prefix: '/items' },
    );
  },
  { prefix: '/api' },
);

app.get('/boom', async () => {
  throw new BoomError('boom');
});
app.get('/slow', async (req) => {
  await new Promise((resolve) => setTimeout(resolve, Number(req.query.ms)));
  return { slept: Number(req.query.ms) };
});
app.get('/files/*', async (req) => ({ path: req.params['*'] }));

const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`app listening on ${address}`);
