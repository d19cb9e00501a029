#!/usr/bin/env node
// Builds a copy of this project that runs on the OpenTelemetry 3.x line:
// the tracked files and the built dist/ (the same dist the 2.x suite ran),
// with a package.json whose @opentelemetry devDependencies are pinned to
// 3.x instead of 2.x, installed by npm under the Node running this script
// (which must be 22.15 or later, what 3.x's engines ask for). The matrix
// (.ci/matrix) runs the suite there, and bench-otel3.sh the bench.
//
//   PATH=<node 24 bin>:$PATH node scripts/otel3-tree.mjs <dir>
//
// The repository's own package.json and lockfile stay on 2.x for Node 20.
// The tree has no lockfile: its direct dependencies are exact pins, the rest
// is what npm resolves today. Contrib packages take their own 3.x-line
// releases (CONTRIB_3X): the suite runs beside them (issue 25).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The 3.x line, one release set (sdk-node 0.301.0 depends on these exact versions). */
const STABLE = '3.1.0';
const EXPERIMENTAL = '0.301.0';
const API = '1.10.0';
/**
 * Contrib packages whose versions do not follow the SDK's: their releases
 * built on the 3.x line (auto-instrumentations-node 0.82 and the
 * instrumentations 0.72 depend on ^0.300; npm nests those beside our 0.301).
 * @fastify/otel has no 3.x release yet: its 2.x-built one is kept as pinned.
 */
const CONTRIB_3X = {
  '@opentelemetry/auto-instrumentations-node': '0.82.0',
  '@opentelemetry/instrumentation-express': '0.72.0',
  '@opentelemetry/instrumentation-koa': '0.72.0',
  // The client instrumentations the preload turns on (issue 23).
  '@opentelemetry/instrumentation-undici': '0.34.0',
  '@opentelemetry/instrumentation-pg': '0.77.0',
  '@opentelemetry/instrumentation-mysql2': '0.70.0',
  '@opentelemetry/instrumentation-ioredis': '0.72.0',
  '@opentelemetry/instrumentation-redis': '0.72.0',
  '@opentelemetry/instrumentation-mongodb': '0.77.0',
};

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 15)) {
  console.error(
    `otel3-tree: OpenTelemetry 3.x needs Node 22.15 or later; this is ${process.version}`,
  );
  process.exit(1);
}
const tree = process.argv[2];
if (tree === undefined) {
  console.error('usage: node scripts/otel3-tree.mjs <dir>');
  process.exit(1);
}
const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const dest = path.resolve(tree);
if (!existsSync(path.join(root, 'dist', 'instrumentation.js'))) {
  console.error('otel3-tree: no dist/ to copy; run npm run build first');
  process.exit(1);
}

/** The project's package.json with the 3.x pins. */
function otel3Manifest() {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const dev = { ...pkg.devDependencies };
  for (const [name, version] of Object.entries(dev)) {
    if (!name.startsWith('@opentelemetry/') || name === '@opentelemetry/semantic-conventions')
      continue;
    if (name === '@opentelemetry/api') dev[name] = API;
    else if (name in CONTRIB_3X) dev[name] = CONTRIB_3X[name];
    else dev[name] = version.startsWith('0.') ? EXPERIMENTAL : STABLE;
  }
  return `${JSON.stringify({ ...pkg, devDependencies: dev }, null, 2)}\n`;
}

const manifest = otel3Manifest();
const installed =
  existsSync(path.join(dest, 'node_modules', '.package-lock.json')) &&
  existsSync(path.join(dest, 'package.json')) &&
  readFileSync(path.join(dest, 'package.json'), 'utf8') === manifest;
// Everything but node_modules is copied afresh; an install for the same manifest is kept.
if (existsSync(dest)) {
  for (const entry of ['dist', 'test', 'bench', 'web', 'scripts', 'src'])
    rmSync(path.join(dest, entry), { recursive: true, force: true });
}
mkdirSync(dest, { recursive: true });
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter(
    (f) =>
      f !== '' &&
      f !== 'package.json' &&
      f !== 'package-lock.json' &&
      existsSync(path.join(root, f)),
  );
for (const file of tracked) {
  mkdirSync(path.dirname(path.join(dest, file)), { recursive: true });
  cpSync(path.join(root, file), path.join(dest, file));
}
cpSync(path.join(root, 'dist'), path.join(dest, 'dist'), { recursive: true });
writeFileSync(path.join(dest, 'package.json'), manifest);
if (!installed) {
  rmSync(path.join(dest, 'node_modules'), { recursive: true, force: true });
  rmSync(path.join(dest, 'package-lock.json'), { force: true });
  // npm runs under this Node (first on PATH), so its engines check picks for it.
  const env = {
    ...process.env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
  };
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: dest,
    env,
    stdio: 'inherit',
  });
}
const version = (name) =>
  JSON.parse(readFileSync(path.join(dest, 'node_modules', name, 'package.json'), 'utf8')).version;
const sdk = version('@opentelemetry/sdk-node');
if (!sdk.startsWith('0.30')) {
  console.error(`otel3-tree: npm installed @opentelemetry/sdk-node ${sdk}, not the 3.x line`);
  process.exit(1);
}
console.error(
  `otel3-tree: ${dest} on Node ${process.version}: sdk-node ${sdk}, sdk-trace ${version('@opentelemetry/sdk-trace')}, api ${version('@opentelemetry/api')}`,
);
