/**
 * One benchmark server as a child process, and the load put on it: what
 * httpBench.ts (the Koa rows), frameworkBench.ts (the per-framework rows)
 * and test/bench check share. Servers listen on 127.0.0.1 only; a server is
 * stopped by disconnecting its IPC channel, then by its PID.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { ServerStats } from './serveBenchIpc.js';
import type { Variant } from './variants.js';

/** How long a server may take to start listening, and to exit once told to. */
export const START_TIMEOUT_MS = 30_000;
export const STOP_GRACE_MS = 5_000;

/** The route every load requests. */
export const ROUTE = '/items/42';

/** A started server. */
export interface Running<K extends string = string> {
  readonly variant: Variant<K>;
  readonly child: ChildProcess;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** The origin and ROUTE. */
  readonly url: string;
}

/**
 * Starts `node <nodeArgs> dist/bench/http/<server> <key>` with the variant's
 * environment over the inherited one minus its `OTEL_*` variables, and
 * `GOLDEN_SIGNALS_PORT=0`. The
 * child's stdout goes to our stderr, so our stdout stays the results table.
 */
export function startServer<K extends string>(variant: Variant<K>): Promise<Running<K>> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('OTEL_')) env[k] = v;
  }
  // Zero-code mode's own dashboard port, on any free port so servers never collide.
  env.GOLDEN_SIGNALS_PORT = '0';
  Object.assign(env, variant.env);
  const script = fileURLToPath(new URL(`./${variant.server}`, import.meta.url));
  const child = spawn(process.execPath, [...variant.nodeArgs, script, variant.key], {
    env,
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  // Not pipe(): a pipe per server adds listeners to our one stderr stream.
  child.stdout?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${variant.key} did not listen within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.once('message', (m: { port: number }) => {
      clearTimeout(timer);
      const origin = `http://127.0.0.1:${m.port}`;
      resolve({ variant, child, origin, url: `${origin}${ROUTE}` });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${variant.key} exited with ${code} before listening`));
    });
  });
}

/** The server's CPU time and request counts now. */
export function serverStats(server: Running): Promise<ServerStats> {
  return new Promise((resolve) => {
    server.child.once('message', (m: ServerStats) => resolve(m));
    server.child.send('stats');
  });
}

/** Disconnects the server (it exits on that), then SIGKILLs its PID if it is still up after STOP_GRACE_MS. */
export async function stopServer(server: Running): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  if (child.connected) child.disconnect();
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** Puts `connections` keep-alive connections on `url` for `seconds`; throws on any failed request. */
export async function load(
  url: string,
  seconds: number,
  connections: number,
): Promise<autocannon.Result> {
  const result = await autocannon({ url, connections, duration: seconds });
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0) {
    throw new Error(
      `${url}: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`,
    );
  }
  return result;
}

/** Starts every variant; if any fails, stops the ones that started and rethrows. */
export async function startServers<K extends string>(
  variants: readonly Variant<K>[],
): Promise<Running<K>[]> {
  const settled = await Promise.allSettled(variants.map(startServer));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed === undefined)
    return settled.map((s) => (s as PromiseFulfilledResult<Running<K>>).value);
  await Promise.all(
    settled.flatMap((s) => (s.status === 'fulfilled' ? [stopServer(s.value)] : [])),
  );
  throw failed.reason;
}
