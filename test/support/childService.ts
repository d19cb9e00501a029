import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

/** The built service running in a child process, started as the README says. */
export interface ChildService {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
  /** SIGTERM, then SIGKILL if it is still up after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Starts `node --import ./dist/instrumentation.js dist/demo/server.js` on a
 * free loopback port with `env` over the inherited environment, whose own
 * `OTEL_*` variables are left out so each test states its configuration.
 */
export function startChildService(env: Record<string, string>): Promise<ChildService> {
  return startChild(
    ['--import', './dist/instrumentation.js', 'dist/demo/server.js'],
    { PORT: '0', HOST: '127.0.0.1', GOLDEN_SIGNALS_PORT: 'off', ...env },
    /listening on (http:\/\/127\.0\.0\.1:\d+)/,
  );
}

/**
 * Starts `golden-signals serve --port 0` (the built `dist/bin.js`) with
 * `env` over the inherited environment less its `OTEL_*` variables; its
 * `url` is the port's origin, where `/v1/traces` and `/dashboard` answer.
 */
export function startChildServe(env: Record<string, string>): Promise<ChildService> {
  return startChild(
    ['dist/bin.js', 'serve', '--port', '0'],
    env,
    /dashboard on (http:\/\/127\.0\.0\.1:\d+)\/dashboard/,
  );
}

/** Spawns node with `args` (and `env` over the inherited environment less `OTEL_*`); resolves once its output matches `listening`, whose group 1 is the URL. */
export async function startChild(
  args: readonly string[],
  env: Record<string, string>,
  listening: RegExp,
): Promise<ChildService> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')),
  );
  const child = spawn(process.execPath, args, { env: { ...inherited, ...env }, stdio: 'pipe' });
  let output = '';
  const collect = (c: Buffer) => {
    output += c.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listen line: ${output}`)), 15_000);
    const check = () => {
      const match = listening.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
  });
  const exited = once(child, 'exit') as Promise<[number | null]>;
  return {
    child,
    url,
    output: () => output,
    stop: (graceMs = 5_000) => stopChild(child, exited, graceMs),
  };
}

/**
 * SIGTERM, then SIGKILL if `child` is still up after `graceMs`; resolves
 * with its exit code. `exited` is `once(child, 'exit')`, taken at spawn.
 */
export async function stopChild(
  child: ChildProcess,
  exited: Promise<[number | null]>,
  graceMs: number,
): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const [code] = await exited;
  clearTimeout(timer);
  return code;
}

/** Polls `probe` every `intervalMs` until it returns a value other than undefined, for at most `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Starts `golden-signals serve --port 0 --prometheus <engineUrl>` (the
 * built `dist/bin.js`): the page and JSON API over a Prometheus-compatible
 * engine, with `env` over the inherited environment less its `OTEL_*`
 * variables; its `url` is the port's origin.
 */
export function startPromqlServe(
  engineUrl: string,
  env: Record<string, string> = {},
): Promise<ChildService> {
  return startChild(
    ['dist/bin.js', 'serve', '--port', '0', '--prometheus', engineUrl],
    env,
    /dashboard on (http:\/\/127\.0\.0\.1:\d+)\/dashboard/,
  );
}
