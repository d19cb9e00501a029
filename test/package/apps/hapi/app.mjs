// Hapi 21 (ESM), started with `node --import golden-signals/register app.js`.
// Routes in a plugin registered under the /api prefix; Boom errors and an app's own Error class.
import Boom from '@hapi/boom';
import Hapi from '@hapi/hapi';

class BoomError extends Error {}

const api = {
  name: 'api',
  register(server) {
    server.route([
      { method: 'GET', path: '/users/{id}', handler: (req) => ({ id: req.params.id }) },
      {
        method: 'GET',
        path: '/users/{userId}/posts/{postId}',
        handler: (req) => ({ ...req.params }),
      },
      {
        method: 'POST',
        path: '/users',
        handler: (req, h) => h.response({ id: 'new', name: req.payload?.name ?? null }).code(201),
      },
      {
        method: 'GET',
        path: '/items/{id}',
        handler: (req) => {
          if (req.params.id === 'bad') throw Boom.badRequest('bad id');
          if (req.params.id === 'missing') throw Boom.notFound('no such item');
          return { id: req.params.id };
        },
      },
      {
        method: 'GET',
        path: '/boom',
        handler: () => {
          throw new BoomError('boom');
        },
      },
      {
        method: 'GET',
        path: '/slow',
        handler: async (req) => {
          const ms = Number(req.query.ms);
          await new Promise((resolve) => setTimeout(resolve, ms));
          return { slept: ms };
        },
      },
      { method: 'GET', path: '/files/{path*}', handler: (req) => ({ path: req.params.path }) },
    ]);
  },
};

const server = Hapi.server({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
await server.register(api, { routes: { prefix: '/api' } });
await server.start();
console.log(`app listening on http://127.0.0.1:${server.info.port}`);
