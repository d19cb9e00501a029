/**
 * An Express app with `ROUTES` route templates (`/api/r<i>/:id`), each
 * answering the status of its `?status=` (200 unless told), run under
 * `node --import golden-signals/register`: what the series count per
 * instance is measured on (seriesPerInstance.ts). Prints
 * `app listening on <url>`.
 */
import express from 'express';

const ROUTES = Number(process.env.ROUTES ?? 50);
const app = express();
for (let i = 0; i < ROUTES; i++) {
  app.all(`/api/r${i}/:id`, (req, res) => {
    res.status(Number(req.query.status ?? 200)).json({ route: i });
  });
}
const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`app listening on http://127.0.0.1:${port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
