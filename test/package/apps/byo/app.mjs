// Express 5, with its own NodeSDK (otel.mjs), and golden-signals in processor
// mode mounted under /ops when otel.mjs made one.

import { readFileSync } from 'node:fs';
import http from 'node:http';
import express from 'express';
import { gs } from './otel.mjs';

class BoomError extends Error {
  name = 'BoomError';
}

/** How many wrappers sit on http.Server.prototype.emit: one per active HTTP instrumentation patch. */
function emitPatches() {
  let n = 0;
  for (let f = http.Server.prototype.emit; typeof f?.__original === 'function'; f = f.__original)
    n++;
  return n;
}

const app = express();
if (gs !== undefined) app.use(gs.express({ prefix: '/ops' }));
app.use(express.json());
app.get('/api/users/:id', (req, res) => {
  res.json({ id: req.params.id });
});
app.post('/api/users', (req, res) => {
  res.status(201).json({ id: 'new', name: req.body?.name ?? null });
});
app.get('/api/items/:id', (req, res) => {
  if (req.params.id === 'bad') res.status(400).json({ error: 'bad id' });
  else res.json({ id: req.params.id });
});
app.get('/boom', () => {
  throw new BoomError('boom');
});
app.get('/files/*path', (req, res) => {
  res.json({ path: req.params.path.join('/') });
});
// One outgoing node:http call: a CLIENT span of the app's own HttpInstrumentation.
app.get('/api/partner', (_req, res) => {
  http
    .get(`${process.env.DOWNSTREAM_URL}/ok/1`, (answer) => {
      answer.resume();
      answer.on('end', () => res.json({ partner: answer.statusCode }));
    })
    .on('error', () => res.status(502).json({ error: 'partner' }));
});

const sdkVersion = JSON.parse(
  readFileSync(new URL('./node_modules/@opentelemetry/sdk-node/package.json', import.meta.url)),
).version;
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(
    `runtime node ${process.versions.node} sdk-node ${sdkVersion} emit patches ${emitPatches()}`,
  );
  console.log(`app listening on http://127.0.0.1:${server.address().port}`);
});
