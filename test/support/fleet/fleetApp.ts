/**
 * One app of the fleet (fleetRoutes.ts), run as a user would:
 * `node --import golden-signals/register fleetApp.js`, with `FLEET_APP` the
 * route set and `WORKERS` the `node:cluster` workers (0: one process).
 * Every request waits `?ms=` first; each answer says which process served it
 * (`x-instance: host:pid`, the instance id the dashboard gives a process
 * whose resource names none). Prints `app listening on <url>` once all
 * workers listen.
 */
import cluster from 'node:cluster';
import { hostname } from 'node:os';
import express, { type Request, type Response } from 'express';
import { FLEET_ROUTES, type FleetAppName, STREAM_BYTES, STREAM_CHUNKS } from './fleetRoutes.js';

const WORKERS = Number(process.env.WORKERS ?? 0);
const NAME = (process.env.FLEET_APP ?? 'shop') as FleetAppName;

/** An error class whose name is the given one, as an app's own classes are. */
function errorClass(name: string): new (message: string) => Error {
  return class extends Error {
    override name = name;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function streamBody(res: Response): Promise<void> {
  res.status(200).setHeader('content-type', 'application/octet-stream');
  const chunk = Buffer.alloc(STREAM_BYTES / STREAM_CHUNKS, 0x61);
  for (let i = 0; i < STREAM_CHUNKS; i++) {
    if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    await new Promise((resolve) => setImmediate(resolve));
  }
  res.end();
}

function serve(): void {
  const app = express();
  app.use(express.json());
  // Every request waits its `?ms=` first, a path no route matches too (its 404 then has a duration like the others').
  app.use(async (req, res, next) => {
    res.setHeader('x-instance', `${hostname()}:${process.pid}`);
    await sleep(Number(req.query.ms ?? 0));
    next();
  });
  for (const route of FLEET_ROUTES[NAME]) {
    if (route.template === 'unmatched') continue;
    const thrown = route.throws === undefined ? undefined : errorClass(route.throws);
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    app[method](route.template, async (_req: Request, res: Response) => {
      if (thrown !== undefined) throw new thrown(`${route.template} failed`);
      if (route.stream) return streamBody(res);
      if (route.status === 204) res.status(204).end();
      else res.status(route.status).json({ route: route.template });
    });
  }
  const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    if (WORKERS === 0) console.log(`app listening on http://127.0.0.1:${port}`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

if (WORKERS > 0 && cluster.isPrimary) {
  let listening = 0;
  for (let i = 0; i < WORKERS; i++) cluster.fork();
  cluster.on('listening', (_worker, address) => {
    if (++listening === WORKERS) console.log(`app listening on http://127.0.0.1:${address.port}`);
  });
  process.on('SIGTERM', () => {
    const workers = Object.values(cluster.workers ?? {});
    let left = workers.length;
    if (left === 0) process.exit(0);
    for (const w of workers) {
      w?.once('exit', () => {
        if (--left === 0) setTimeout(() => process.exit(0), 50);
      });
      w?.process.kill('SIGTERM');
    }
  });
} else {
  serve();
}
