/**
 * The engine rows alone, without the rest of `npm run bench`: loads the
 * data into Prometheus and VictoriaMetrics, times `serve --prometheus`'s
 * queries, prints them, and replaces only the `promql` key of
 * bench/results.json (every other key as the last full run left it).
 *
 *   npm run build && node dist/bench/promql/run.js           # 500 routes × 5 instances, 7 days
 *   npm run build && node dist/bench/promql/run.js --quick   # 50 routes, into bench/results.quick.json
 */
import { readResults, resultsPath, writeResults } from '../support/resultsFile.js';
import { timed } from '../support/timedSection.js';
import {
  DEFAULT_ENGINE_OPTIONS,
  QUICK_ENGINE_OPTIONS,
  runEngineQueryBench,
} from './engineQueryBench.js';
import { engineTable } from './engineTable.js';

const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const log = (line: string) => process.stderr.write(`${line}\n`);

log('engine rows');
const promql = await timed(() =>
  runEngineQueryBench(quick ? QUICK_ENGINE_OPTIONS : DEFAULT_ENGINE_OPTIONS, log),
);
const file = resultsPath(quick);
writeResults(file, { ...readResults(file), promql });
console.log(engineTable(promql));
console.log(`\nwrote ${quick ? 'bench/results.quick.json' : 'bench/results.json'} (promql)`);
