// An Express 5 app (ESM) with the real pg, ioredis and fetch clients, started
// with `node --import golden-signals/register app.js`. Each route makes a
// known number of calls per request (test/package/dependencies.test.ts):
//   GET /orders/:id        2 PostgreSQL queries, 1 Redis GET, 1 Redis SET, 1 fetch (200)
//   GET /report/slow       1 PostgreSQL query (pg_sleep)
//   GET /report/broken     1 PostgreSQL query that fails (no such table); answers 500
//   GET /partner/fail/:n   1 fetch the downstream answers 500; answers 502
//   GET /partner/timeout   1 fetch that times out (the downstream hangs); answers 504
//   GET /items             the same statement 25 times (an N+1)
// Before listening it connects to PostgreSQL once (a CLIENT span outside any request).
import express from 'express';
import { Redis } from 'ioredis';
import pg from 'pg';

const { DATABASE_URL, REDIS_URL, DOWNSTREAM_URL } = process.env;
const FETCH_TIMEOUT_MS = Number(process.env.FETCH_TIMEOUT_MS ?? 500);
const SLEEP_SECONDS = Number(process.env.SLEEP_SECONDS ?? 0.3);
/** A literal the app puts in its SQL text, in Redis keys and values: no dashboard answer may show it. */
const SECRET = 'secret-4242-literal';

const db = new pg.Client({ connectionString: DATABASE_URL });
await db.connect();
await db.query('CREATE TABLE IF NOT EXISTS items (id integer PRIMARY KEY, name text NOT NULL)');
await db.query(
  "INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 50) AS i ON CONFLICT DO NOTHING",
);
// No ready check: its INFO would be a call of its own, outside any request.
const redis = new Redis(REDIS_URL, { enableReadyCheck: false, lazyConnect: false });

const app = express();

app.get('/orders/:id', async (req, res) => {
  const id = Number(req.params.id);
  const item = await db.query('SELECT id, name FROM items WHERE id = $1', [id]);
  // A literal in the statement itself: the rollup must mask it.
  await db.query(`SELECT count(*) FROM items WHERE name <> '${SECRET}' AND id > ${id}`);
  const cached = await redis.get(`order:${SECRET}:${id}`);
  await redis.set(`order:${SECRET}:${id}`, `${SECRET}-${id}`);
  const partner = await fetch(`${DOWNSTREAM_URL}/ok/${id}?token=${SECRET}`);
  await partner.arrayBuffer();
  res.json({ item: item.rows[0] ?? null, cached: cached !== null, partner: partner.status });
});

app.get('/report/slow', async (_req, res) => {
  await db.query(`SELECT pg_sleep(${SLEEP_SECONDS})`);
  res.json({ slept: SLEEP_SECONDS });
});

app.get('/report/broken', async (_req, res) => {
  try {
    await db.query(`SELECT * FROM no_such_table WHERE secret = '${SECRET}'`);
    res.json({ ok: true });
  } catch {
    res.status(500).json({ error: 'query failed' });
  }
});

app.get('/partner/fail/:n', async (req, res) => {
  const answer = await fetch(`${DOWNSTREAM_URL}/fail/${req.params.n}`);
  await answer.arrayBuffer();
  res.status(502).json({ downstream: answer.status });
});

app.get('/partner/timeout', async (_req, res) => {
  try {
    await fetch(`${DOWNSTREAM_URL}/hang`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    res.json({ ok: true });
  } catch (err) {
    res.status(504).json({ error: err instanceof Error ? err.name : 'error' });
  }
});

app.get('/items', async (_req, res) => {
  const rows = [];
  for (let id = 1; id <= 25; id++) {
    rows.push((await db.query('SELECT id, name FROM items WHERE id = $1', [id])).rows[0]);
  }
  res.json({ items: rows.length });
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`app listening on http://127.0.0.1:${server.address().port}`);
});

process.on('SIGTERM', () => {
  server.close();
  redis.disconnect();
  void db.end();
});
