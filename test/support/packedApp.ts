import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stopChild } from './childService.js';

/** Output of a finished command. */
export interface CommandResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion. Fails with the exact command line, its exit
 * code and its output; a missing program fails with the command to run, never
 * a skip.
 */
export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 300_000,
): Promise<CommandResult> {
  const line = `(cd ${cwd} && ${command} ${args.join(' ')})`;
  return new Promise((resolve, reject) => {
    execFile(
      command,
      [...args],
      { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: cleanEnv({}) },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ stdout, stderr });
        const code = (error as NodeJS.ErrnoException).code;
        const why =
          code === 'ENOENT'
            ? `${command} is not on PATH; install it, then run: ${line}`
            : `${line} failed (${code ?? error.message})`;
        reject(new Error(`${why}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
      },
    );
  });
}

/**
 * The inherited environment without anything that would configure the child
 * behind the test's back: `OTEL_*`, `GOLDEN_SIGNALS_*`, the demo's own
 * variables, `NODE_OPTIONS`, and what `npm test` says about this package
 * (`npm_package_*`, `npm_lifecycle_*`); `env` goes on top.
 */
export function cleanEnv(env: Record<string, string>): Record<string, string> {
  const dropped =
    /^(OTEL_|GOLDEN_SIGNALS_|npm_package_|npm_lifecycle_)|^(PORT|HOST|RETENTION|DASHBOARD_TOKEN|NODE_OPTIONS|MOUNT)$/;
  const inherited = Object.entries(process.env).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && !dropped.test(entry[0]),
  );
  return { ...Object.fromEntries(inherited), ...env };
}

/** What `npm pack --json` says of one tarball. */
export interface PackedTarball {
  /** Absolute path of the .tgz. */
  readonly file: string;
  /** The paths inside the package, as npm lists them. */
  readonly files: readonly string[];
}

/**
 * `npm pack` of the project at `root` into `dest`. `--ignore-scripts`: the
 * `prepack` build would empty dist/ under the running mocha, and `pretest`
 * has just built the same dist/.
 */
export async function packProject(root: string, dest: string): Promise<PackedTarball> {
  const { stdout } = await run(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', dest],
    root,
  );
  const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  if (info === undefined) throw new Error(`npm pack printed no tarball: ${stdout}`);
  return { file: path.join(dest, info.filename), files: info.files.map((f) => f.path) };
}

/** What goes into one temporary app. */
export interface AppFiles {
  /** `"module"` or `"commonjs"` for the app's package.json. */
  readonly type: 'module' | 'commonjs';
  /** Exact versions, and `golden-signals` as `file:<tarball>`. */
  readonly dependencies: Record<string, string>;
  /** Fixture files to copy: source path → name in the app. */
  readonly files: Record<string, string>;
}

/** Writes the app's package.json and sources into `dir` and runs `npm install` there. */
export async function installApp(dir: string, name: string, app: AppFiles): Promise<void> {
  const pkg = {
    name,
    version: '1.0.0',
    private: true,
    type: app.type,
    dependencies: app.dependencies,
  };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  for (const [from, to] of Object.entries(app.files)) copyFileSync(from, path.join(dir, to));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], dir);
}

/** A fixture app running in a child process. */
export interface RunningApp {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:PORT` of the app. */
  readonly url: string;
  /** `http://127.0.0.1:PORT/dashboard` of the own dashboard port, when it printed one. */
  readonly dashboardUrl: string | undefined;
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

const APP_LINE = /app listening on (http:\/\/127\.0\.0\.1:\d+)/;
const DASHBOARD_LINE = /^golden-signals: dashboard on (http:\/\/127\.0\.0\.1:\d+\/dashboard)$/m;

/**
 * Starts `node ...args` in `dir` with `env` over a clean environment. Waits
 * for the app's listen line and, when `ownDashboard`, for the preload's
 * dashboard line.
 */
export async function startApp(
  dir: string,
  args: readonly string[],
  env: Record<string, string>,
  ownDashboard: boolean,
): Promise<RunningApp> {
  const child = spawn(process.execPath, [...args], { cwd: dir, env: cleanEnv(env), stdio: 'pipe' });
  let output = '';
  const exited = once(child, 'exit') as Promise<[number | null]>;
  const lines = new Promise<[string, string | undefined]>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new Error(`node ${args.join(' ')} printed no listen line(s) in 20 s:\n${output}`)),
      20_000,
    );
    const collect = (c: Buffer) => {
      output += c.toString();
      const app = APP_LINE.exec(output)?.[1];
      const dashboard = DASHBOARD_LINE.exec(output)?.[1];
      if (app !== undefined && (!ownDashboard || dashboard !== undefined)) {
        clearTimeout(timer);
        resolve([app, dashboard]);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`node ${args.join(' ')} exited (${code ?? signal}):\n${output}`));
    });
  });
  const [url, dashboardUrl] = await lines;
  return {
    child,
    url,
    dashboardUrl,
    output: () => output,
    stop: (graceMs = 5_000) => stopChild(child, exited, graceMs),
  };
}

/** An OpenTelemetry JS release line: 2 (SDK 2.x, 0.2xx, api 1.9) or 3 (SDK 3.x, 0.30x, api 1.10). */
export type OtelLine = '2' | '3';

/**
 * The line an `npm install` on this Node must pick: 3 from Node 22.15 (the
 * engines of the 3.x packages), 2 before. `GOLDEN_SIGNALS_EXPECT_OTEL` (2 or
 * 3) states it instead, as CI's matrix cells do, so a cell that got the
 * other line fails rather than passes on whatever npm chose.
 */
export function expectedOtelLine(): OtelLine {
  const stated = process.env.GOLDEN_SIGNALS_EXPECT_OTEL;
  if (stated === '2' || stated === '3') return stated;
  if (stated !== undefined)
    throw new RangeError(`GOLDEN_SIGNALS_EXPECT_OTEL must be 2 or 3, got: ${stated}`);
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 15) ? '3' : '2';
}

/**
 * The Node major the apps must run on: `GOLDEN_SIGNALS_EXPECT_NODE` when set
 * (CI's cells), else this process's own (the apps are started with it).
 */
export function expectedNodeMajor(): number {
  const stated = process.env.GOLDEN_SIGNALS_EXPECT_NODE;
  if (stated === undefined) return Number(process.versions.node.split('.')[0]);
  if (!/^[0-9]+$/.test(stated))
    throw new RangeError(`GOLDEN_SIGNALS_EXPECT_NODE must be a Node major, got: ${stated}`);
  return Number(stated);
}

/** True when `version` of the OpenTelemetry package `name` belongs to `line`. */
export function inOtelLine(name: string, version: string, line: OtelLine): boolean {
  if (name === '@opentelemetry/api') return version.startsWith(line === '3' ? '1.10.' : '1.9.');
  if (name === '@opentelemetry/semantic-conventions') return version.startsWith('1.');
  if (version.startsWith('0.')) return version.startsWith(line === '3' ? '0.30' : '0.2');
  return version.startsWith(`${line}.`);
}

/**
 * The version of `name` that the installed golden-signals in the app at
 * `dir` loads: Node's lookup from its folder, its own node_modules first,
 * then the app's.
 */
export function versionSeenByPackage(dir: string, name: string): string | undefined {
  const own = path.join(dir, 'node_modules', 'golden-signals');
  for (const base of [path.join(own, 'node_modules'), path.join(dir, 'node_modules')]) {
    const file = path.join(base, name, 'package.json');
    if (existsSync(file))
      return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return undefined;
}
