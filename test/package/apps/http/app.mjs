// Plain node:http (ESM). Zero-code: `node --import golden-signals/register app.js`.
// MOUNT=1: `node --import ./preload.mjs app.js`, with the dashboard under /ops.
import http from 'node:http';
import { route } from './route.mjs';

class BoomError extends Error {
  name = 'BoomError';
}

const dashboard =
  process.env.MOUNT === '1'
    ? (await import('./preload.mjs')).goldenSignals.handler({ prefix: '/ops' })
    : undefined;

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function handle(req, res, url) {
  const template = route(req);
  const id = url.pathname.split('/').at(-1);
  switch (template) {
    case '/api/users/:id':
      return send(res, 200, { id });
    case '/api/users':
      req.resume();
      return req.on('end', () => send(res, 201, { id: 'new' }));
    case '/api/items/:id':
      return id === 'bad' ? send(res, 400, { error: 'bad id' }) : send(res, 200, { id });
    case '/boom':
      throw new BoomError('boom');
    case '/slow': {
      const ms = Number(url.searchParams.get('ms'));
      return setTimeout(() => send(res, 200, { slept: ms }), ms);
    }
    case '/files/*':
      return send(res, 200, { path: url.pathname.slice('/files/'.length) });
    default:
      return send(res, 404, { error: 'not found' });
  }
}

const server = http.createServer((req, res) => {
  if (dashboard?.(req, res)) return;
  try {
    handle(req, res, new URL(req.url ?? '/', 'http://localhost'));
  } catch (err) {
    send(res, 500, { error: err instanceof BoomError ? 'boom' : 'internal' });
  }
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`app listening on http://127.0.0.1:${server.address().port}`);
});
