/**
 * What installing golden-signals costs a user, measured the way a user pays
 * it: `npm install <tarball>` into a fresh app (packages added, MB of
 * node_modules, whether gRPC came along, whether npm warned about an install
 * script), and the idle RSS of a tiny node:http app with and without
 * `--import golden-signals/register` (the median of several starts).
 *
 *   npm run build && node dist/scripts/install/measureInstall.js --label after
 *   node dist/scripts/install/measureInstall.js --label before --tarball old.tgz --commit 42fffbd
 *
 * Without `--tarball` it packs this checkout (dist/ must be built). The figures
 * are merged into bench/install.json under the label; `npm run docs:install`
 * renders them into docs/install.md.
 */

import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type InstallFigures, type InstallResults, parseInstallResults } from './InstallResults.js';

// dist/scripts/install/ → the repository root, three folders up.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const RESULTS = path.join(ROOT, 'bench', 'install.json');
/** How long the app idles after its first answer before its RSS is read. */
const IDLE_MS = 3_000;

/** `--name value` from the command line. */
function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? undefined : process.argv[at + 1];
}

/** An environment without anything that would configure the preload behind our back. */
function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const kept = Object.entries(process.env).filter(
    (e): e is [string, string] =>
      e[1] !== undefined && !/^(OTEL_|GOLDEN_SIGNALS_|npm_|NODE_OPTIONS$)/.test(e[0]),
  );
  return { ...Object.fromEntries(kept), ...extra };
}

/** MB (10^6 bytes) of every file under `dir`, symlinks not followed: their bytes, and the disk they take (as `du`). */
function sizeUnder(dir: string): { bytes: number; disk: number } {
  let bytes = 0;
  let disk = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isSymbolicLink()) continue;
    const stat = statSync(path.join(entry.parentPath, entry.name));
    if (entry.isFile()) bytes += stat.size;
    // Directories take blocks too, as du counts them.
    disk += stat.blocks * 512;
  }
  return { bytes: bytes / 1e6, disk: disk / 1e6 };
}

/** `npm pack` of this checkout into `dest`; the tarball's path. */
function packCheckout(dest: string): string {
  const out = execFileSync(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', dest],
    { cwd: ROOT, encoding: 'utf8', env: cleanEnv({}) },
  );
  const [info] = JSON.parse(out) as { filename: string }[];
  if (info === undefined) throw new Error(`npm pack printed no tarball: ${out}`);
  return path.join(dest, info.filename);
}

/** Installs `tarball` into a fresh app in `dir`; what npm added and said. */
function installInto(dir: string, tarball: string) {
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'install-measure', version: '1.0.0', private: true, type: 'module' })}\n`,
  );
  const result = spawnSyncText(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball],
    dir,
  );
  const lock = JSON.parse(
    readFileSync(path.join(dir, 'node_modules', '.package-lock.json'), 'utf8'),
  ) as { packages: Record<string, unknown> };
  const modules = path.join(dir, 'node_modules');
  const opentelemetry = path.join(modules, '@opentelemetry');
  const all = sizeUnder(modules);
  return {
    packages: Object.keys(lock.packages).filter((p) => p.startsWith('node_modules/')).length,
    node_modules_mb: all.bytes,
    node_modules_disk_mb: all.disk,
    opentelemetry_mb: existsSync(opentelemetry) ? sizeUnder(opentelemetry).bytes : 0,
    grpc_installed: existsSync(path.join(modules, '@grpc', 'grpc-js')),
    protobufjs_installed: existsSync(path.join(modules, 'protobufjs')),
    install_script_warning: /install-scripts|install script/i.test(result),
  };
}

/** Runs a command; its stdout and stderr together. Throws with both on failure. */
function spawnSyncText(command: string, args: readonly string[], cwd: string): string {
  const r = spawnSync(command, [...args], { cwd, encoding: 'utf8', env: cleanEnv({}) });
  const text = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${r.status}):\n${text}`);
  return text;
}

const APP = `import http from 'node:http';
const server = http.createServer((req, res) => {
  if (req.url === '/rss') return res.end(String(process.memoryUsage().rss));
  res.end('ok');
});
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
`;

/** Starts the tiny app (with `args` before it), lets it idle, reads its RSS; MB. */
async function idleRss(dir: string, args: readonly string[]): Promise<number> {
  const child: ChildProcess = spawn(process.execPath, [...args, 'app.mjs'], {
    cwd: dir,
    env: cleanEnv({ GOLDEN_SIGNALS_PORT: '0' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /listening (\d+)/.exec(out);
        if (m?.[1] !== undefined) resolve(m[1]);
      });
      child.stderr?.on('data', (c: Buffer) => {
        out += c.toString();
      });
      child.on('exit', (code) => reject(new Error(`app exited (${code}):\n${out}`)));
    });
    // One request, as an app that has served once, then idle.
    await (await fetch(`http://127.0.0.1:${port}/`)).text();
    await new Promise((r) => setTimeout(r, IDLE_MS));
    return Number(await (await fetch(`http://127.0.0.1:${port}/rss`)).text()) / 1e6;
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
}

/** The median of a non-empty list. */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1
    ? (s[mid] as number)
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const label = option('label') ?? 'current';
  const runs = Number(option('runs') ?? '5');
  const work = mkdtempSync(path.join(os.tmpdir(), 'golden-signals-install-'));
  try {
    const given = option('tarball');
    const tarball = given === undefined ? packCheckout(work) : path.resolve(given);
    const app = path.join(work, 'app');
    mkdirSync(app);
    const install = installInto(app, tarball);
    writeFileSync(path.join(app, 'app.mjs'), APP);
    const bare: number[] = [];
    const preloaded: number[] = [];
    // Interleaved, so a change in the machine's load falls on both alike.
    for (let i = 0; i < runs; i++) {
      bare.push(await idleRss(app, []));
      preloaded.push(await idleRss(app, ['--import', 'golden-signals/register']));
    }
    const figures: InstallFigures = {
      commit:
        option('commit') ??
        execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
          cwd: ROOT,
          encoding: 'utf8',
        }).trim(),
      measured_at: new Date().toISOString(),
      node: process.version,
      npm: execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim(),
      packages: install.packages,
      node_modules_mb: round1(install.node_modules_mb),
      node_modules_disk_mb: round1(install.node_modules_disk_mb),
      opentelemetry_mb: round1(install.opentelemetry_mb),
      grpc_installed: install.grpc_installed,
      protobufjs_installed: install.protobufjs_installed,
      install_script_warning: install.install_script_warning,
      runs,
      idle_rss_mb_without: round1(median(bare)),
      idle_rss_mb_with: round1(median(preloaded)),
    };
    const previous: InstallResults = existsSync(RESULTS)
      ? parseInstallResults(readFileSync(RESULTS, 'utf8'))
      : {};
    writeFileSync(RESULTS, `${JSON.stringify({ ...previous, [label]: figures }, null, 2)}\n`);
    console.log(JSON.stringify({ [label]: figures }, null, 2));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
