/**
 * The HTTP parts both modes of `flood-measure` share: one request, the `/ok`
 * probe loop, quantiles, and starting a small app (under the preload or not).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';

/** One request; resolves with the status and body once the response has ended. */
export function send(
  agent: http.Agent,
  url: string,
  method: string,
  body?: Buffer,
  timeoutMs = 10_000,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        timeout: timeoutMs,
        headers: body === undefined ? {} : { 'content-type': 'application/x-protobuf' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${method} ${url}: no answer in ${timeoutMs} ms`)),
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** `/ok` one at a time until `done()` or `max` requests; the latency of each, in ms (a failed one's until it failed). */
export async function probe(
  agent: http.Agent,
  url: string,
  max: number,
  done: () => boolean,
): Promise<{ latencies: number[]; failed: number }> {
  const latencies: number[] = [];
  let failed = 0;
  while (latencies.length < max && !done()) {
    const started = performance.now();
    const ok = await send(agent, `${url}/ok`, 'GET').then(
      (res) => res.status === 200,
      () => false,
    );
    if (!ok) failed++;
    latencies.push(performance.now() - started);
  }
  return { latencies, failed };
}

/** The `q` quantile of `values` (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

/** The median of `values`. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** `ms` to one decimal. */
export const round = (ms: number) => Math.round(ms * 10) / 10;

/** A started app: its process, its URL, and its dashboard's when it runs under the preload. */
export interface StartedApp {
  /** The app's process (ours to stop, by this handle). */
  readonly child: ChildProcess;
  /** `http://127.0.0.1:<port>` of the app itself. */
  readonly app: string;
  /** The dashboard's URL; undefined without the preload. */
  readonly dashboard: string | undefined;
}

/**
 * Runs the app in `file` (it prints `LISTENING <port>`), under the preload
 * of `root` when `preload`, with the dashboard and receiver on a port of
 * their own; resolves once it (and its dashboard) listen.
 */
export function startApp(root: string, file: string, preload: boolean): Promise<StartedApp> {
  const args = preload ? ['--import', path.join(root, 'dist', 'instrumentation.js'), file] : [file];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', GOLDEN_SIGNALS_PORT: '0' },
    stdio: 'pipe',
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start:\n${output}`)), 30_000);
    const collect = (c: Buffer) => {
      output += c.toString();
      const port = /LISTENING (\d+)/.exec(output)?.[1];
      const dashboard = /dashboard on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (port !== undefined && (dashboard !== undefined || !preload)) {
        clearTimeout(timer);
        resolve({ child, app: `http://127.0.0.1:${port}`, dashboard });
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('exit', (code) => reject(new Error(`the app exited with ${code}:\n${output}`)));
  });
}
