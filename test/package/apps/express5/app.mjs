// Express 5 (ESM), started with `node --import golden-signals/register app.js`.
// MOUNT=1 also mounts the dashboard under /ops (run with GOLDEN_SIGNALS_PORT=off).
import express from 'express';
import { getGoldenSignals } from 'golden-signals';

class BoomError extends Error {
  name = 'BoomError';
}

const app = express();
if (process.env.MOUNT === '1') app.use(getGoldenSignals().express({ prefix: '/ops' }));
app.use(express.json());

const users = express.Router();
users.get('/:id', (req, res) => {
  res.json({ id: req.params.id });
});
users.post('/', (req, res) => {
  res.status(201).json({ id: 'new', name: req.body?.name ?? null });
});
const items = express.Router();
items.get('/:id', (req, res) => {
  if (req.params.id === 'bad') res.status(400).json({ error: 'bad id' });
  else res.json({ id: req.params.id });
});
const api = express.Router();
api.use('/users', users);
api.use('/items', items);
app.use('/api', api);

app.get('/boom', () => {
  throw new BoomError('boom');
});
app.get('/slow', async (req, res) => {
  await new Promise((resolve) => setTimeout(resolve, Number(req.query.ms)));
  res.json({ slept: Number(req.query.ms) });
});
app.get('/files/*path', (req, res) => {
  res.json({ path: req.params.path.join('/') });
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`app listening on http://127.0.0.1:${server.address().port}`);
});
