/**
 * The multi-process rows alone, without the rest of `npm run bench`: runs
 * them, prints their tables, and replaces only their two keys
 * (`cluster_forwarding`, `cluster_throughput`) in bench/results.json, every
 * other key as the last full run left it.
 *
 *   npm run build && node dist/bench/cluster/run.js           # full rows, about six minutes
 *   npm run build && node dist/bench/cluster/run.js --quick   # into bench/results.quick.json
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runClusterRows } from './clusterRows.js';

const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const log = (line: string) => process.stderr.write(`${line}\n`);

log('multi-process rows');
const { table, ...keys } = await runClusterRows(quick, log);
const file = fileURLToPath(
  new URL(`../../../bench/results${quick ? '.quick' : ''}.json`, import.meta.url),
);
const results = existsSync(file)
  ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
  : {};
writeFileSync(file, `${JSON.stringify({ ...results, ...keys }, null, 2)}\n`);
const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
execFileSync(process.execPath, [biome, 'format', '--write', file], { stdio: 'ignore' });
console.log(table);
console.log(
  `\nwrote ${quick ? 'bench/results.quick.json' : 'bench/results.json'} (cluster_forwarding, cluster_throughput)`,
);
