/**
 * The Koa HTTP rows alone, without the rest of `npm run bench`: runs them
 * (the trivial route, then the realistic 1 ms routes), prints their tables,
 * and replaces only their keys (`http`, `http_realistic`) in
 * bench/results.json, every other key as the last full run left it.
 *
 *   npm run build && node dist/bench/http/run.js           # full rows, about eleven minutes
 *   npm run build && node dist/bench/http/run.js --quick   # into bench/results.quick.json
 */
import { machine } from '../support/machine.js';
import {
  lostKeyPaths,
  lostKeysLine,
  readResults,
  resultsPath,
  writeResults,
} from '../support/resultsFile.js';
import { runHttpRows } from './httpRows.js';

const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const log = (line: string) => process.stderr.write(`${line}\n`);

log('http rows');
const { table, ...keys } = await runHttpRows(quick, machine(), log);
const file = resultsPath(quick);
const results = { ...readResults(file), ...keys };
// Only this script's sections are checked: the others are as the last run left them.
const others = Object.keys(readResults(resultsPath(false))).filter((k) => !(k in keys));
const lost = lostKeyPaths(keys, others);
writeResults(file, results);
console.log(table);
console.log(
  `\nwrote ${quick ? 'bench/results.quick.json' : 'bench/results.json'} (http, http_realistic)\n${lostKeysLine(lost)}`,
);
if (lost.length > 0) process.exitCode = 1;
