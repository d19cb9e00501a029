/**
 * The multi-process rows alone, without the rest of `npm run bench`: runs
 * them, prints their tables, and replaces only their two keys
 * (`cluster_forwarding`, `cluster_throughput`) in bench/results.json, every
 * other key as the last full run left it.
 *
 *   npm run build && node dist/bench/cluster/run.js           # full rows, about six minutes
 *   npm run build && node dist/bench/cluster/run.js --quick   # into bench/results.quick.json
 */
import { readResults, resultsPath, writeResults } from '../support/resultsFile.js';
import { runClusterRows } from './clusterRows.js';

const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const log = (line: string) => process.stderr.write(`${line}\n`);

log('multi-process rows');
const { table, ...keys } = await runClusterRows(quick, log);
const file = resultsPath(quick);
writeResults(file, { ...readResults(file), ...keys });
console.log(table);
console.log(
  `\nwrote ${quick ? 'bench/results.quick.json' : 'bench/results.json'} (cluster_forwarding, cluster_throughput)`,
);
