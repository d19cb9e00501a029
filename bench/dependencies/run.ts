/**
 * The dependency sections alone, without the rest of `npm run bench`: runs
 * them, prints their goal rows, and replaces only the `dependencies` key of
 * bench/results.json, every other key as the last full run left it.
 * `dependencies.run` says when, on what machine and how loaded.
 *
 *   npm run build && node dist/bench/dependencies/run.js [--hours 24]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { machine } from '../support/machine.js';
import { round } from '../support/measure.js';
import { dependencySections } from './dependencySections.js';

const log = (line: string) => process.stderr.write(`${line}\n`);
const started = performance.now();
const loadAtStart = os.loadavg().map((l) => round(l, 2));
const at = process.argv.indexOf('--hours');
const hours = at < 0 ? 24 : Number(process.argv[at + 1]);
if (!(hours > 0 && hours <= 24))
  throw new RangeError(`--hours must be from 0 to 24, got: ${hours}`);

/** Runs a section's script (relative to dist/bench) in its own process, with --expose-gc. */
function section(script: string, args: string[] = []): Record<string, unknown> {
  const path = fileURLToPath(new URL(`.${script}`, import.meta.url));
  const t = performance.now();
  const out = execFileSync(process.execPath, ['--expose-gc', path, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  log(`  ${script} ${args.join(' ')} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

log('dependency sections');
const { dependencies, rows } = dependencySections(section, hours);
const file = fileURLToPath(new URL('../../../bench/results.json', import.meta.url));
const results = existsSync(file)
  ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
  : {};
const run = {
  date: new Date().toISOString(),
  seconds: round((performance.now() - started) / 1000, 1),
  cpus: os.cpus().length,
  cpu_model: os.cpus()[0]?.model ?? 'unknown',
  node: process.version,
  load_average_at_start: loadAtStart,
  load_average_at_end: os.loadavg().map((l) => round(l, 2)),
  machine: machine(),
};
writeFileSync(
  file,
  `${JSON.stringify({ ...results, dependencies: { ...dependencies, run } }, null, 2)}\n`,
);
const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
execFileSync(process.execPath, [biome, 'format', '--write', file], { stdio: 'ignore' });
console.log(
  [
    '| Figure | Goal | Measured | Met |',
    '|---|---|---|---|',
    ...rows.map(([f, g, m, ok]) => `| ${f} | ${g} | ${m} | ${ok ? 'yes' : 'NO'} |`),
    '',
    `wrote the dependencies key of bench/results.json (${run.seconds} s, load ${loadAtStart.join(' ')})`,
  ].join('\n'),
);
