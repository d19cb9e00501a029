// A TypeScript app that depends on the packed tarball: compiled under `strict`
// against the package's own .d.ts. Never run; only type-checked.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getGoldenSignals, startGoldenSignals } from 'golden-signals';

const route = (req: IncomingMessage): string | undefined =>
  req.url?.startsWith('/users/') === true ? '/users/:id' : undefined;

export async function main(): Promise<void> {
  const gs = startGoldenSignals({
    serviceName: 'consumer',
    retention: '24h',
    port: false,
    host: '127.0.0.1',
    route,
    ignorePaths: ['/health'],
  });
  const handler: (req: IncomingMessage, res: ServerResponse) => boolean = gs.handler({
    prefix: '/ops',
    metricsPath: '/ops/metrics',
  });
  const total: number | undefined = gs.store === undefined ? undefined : 0;
  void handler;
  void total;
  void gs.koa({ prefix: '/ops' });
  void gs.express({ prefix: '/ops' });
  void gs.fastify;
  const same = getGoldenSignals();
  const done: Promise<void> = same.shutdown();
  await done;
  // @ts-expect-error port is a number or false, never a string
  startGoldenSignals({ port: '9469' });
  // @ts-expect-error no such adapter
  gs.hapi();
}
