import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { stopChild } from './childService.js';

/** The fault suite's plain node:http app (see its header for its routes). */
export const FAULT_APP = path.resolve('test', 'integration', 'fixtures', 'faultApp.mjs');

/** How to start the fault app. */
export interface FaultAppOptions {
  /** Under `node --import ./dist/instrumentation.js` (golden-signals), or bare. */
  readonly preload: boolean;
  /** A descriptor limit (`ulimit -n`) to run it under; none: the inherited one. */
  readonly maxFiles?: number;
  /** Over the inherited environment, whose own `OTEL_*` and `GOLDEN_SIGNALS_*` are left out. */
  readonly env?: Readonly<Record<string, string>>;
}

/** The fault app running in a child process. */
export interface FaultApp {
  readonly child: ChildProcess;
  /** The app's own origin, `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** The dashboard's own port, `http://127.0.0.1:PORT/dashboard`, when one listens. */
  readonly dashboardUrl: string | undefined;
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
  /** Resolves with the exit code (and signal) once it exits. */
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/** Waits until `output()` matches `pattern`, or rejects after `timeoutMs` or when the child exits. */
export function waitForOutput(app: FaultApp, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const match = pattern.exec(app.output());
      if (match === null) return false;
      cleanup();
      resolve(match[1] ?? match[0]);
      return true;
    };
    const onExit = () => {
      cleanup();
      reject(new Error(`exited before ${pattern}: ${app.output()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${pattern} within ${timeoutMs} ms: ${app.output()}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      app.child.stdout?.off('data', check);
      app.child.stderr?.off('data', check);
      app.child.off('exit', onExit);
    };
    if (check()) return;
    app.child.stdout?.on('data', check);
    app.child.stderr?.on('data', check);
    app.child.once('exit', onExit);
  });
}

/**
 * Starts the fault app, through `bash -c 'ulimit -n N; exec node …'` when a
 * descriptor limit is asked for; resolves once it listens (and, under the
 * preload, once the dashboard's own port does, unless that port is off).
 */
export async function startFaultApp(options: FaultAppOptions): Promise<FaultApp> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith('OTEL_') && !name.startsWith('GOLDEN_SIGNALS_'),
    ),
  );
  const node = [
    process.execPath,
    ...(options.preload ? ['--import', './dist/instrumentation.js'] : []),
    FAULT_APP,
  ];
  const [command, args] =
    options.maxFiles === undefined
      ? [node[0] as string, node.slice(1)]
      : ['bash', ['-c', `ulimit -n ${options.maxFiles} && exec "$0" "$@"`, ...node]];
  const child = spawn(command, args, {
    env: { ...inherited, GOLDEN_SIGNALS_PORT: '0', ...options.env },
    stdio: 'pipe',
  });
  let output = '';
  const collect = (c: Buffer) => {
    output += c.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  // Never an unhandled rejection when nobody awaits it.
  exited.catch(() => {});
  const app: FaultApp = {
    child,
    url: '',
    dashboardUrl: undefined,
    output: () => output,
    exited,
    stop: (graceMs = 5_000) =>
      stopChild(
        child,
        exited.then(([code]): [number | null] => [code]),
        graceMs,
      ),
  };
  const url = await waitForOutput(app, /app listening on (http:\/\/127\.0\.0\.1:\d+)/, 15_000);
  const ownPort = options.preload && options.env?.GOLDEN_SIGNALS_PORT !== 'off';
  const dashboardUrl = ownPort
    ? await waitForOutput(app, /dashboard on (http:\/\/127\.0\.0\.1:\d+\/dashboard)/, 15_000)
    : undefined;
  return { ...app, url, dashboardUrl };
}
