/**
 * The idle memory row alone: runs it (bench/memory/idleRss.ts), prints its
 * table, and replaces only its key (`idle_memory`) in bench/results.json,
 * every other key as the last full run left it. About 75 seconds.
 *
 *   npm run build && flock /tmp/bench.lock node dist/bench/memory/run.js
 *   npm run build && node dist/bench/memory/run.js --quick   # into bench/results.quick.json
 *   … run.js --baseline <other build>/dist/instrumentation.js      # before and after, side by side
 */
import { machine, machineLine } from '../support/machine.js';
import {
  lostKeyPaths,
  lostKeysLine,
  readResults,
  resultsPath,
  writeResults,
} from '../support/resultsFile.js';
import { loadAverage, timed } from '../support/timedSection.js';
import { DEFAULT_IDLE_RSS_OPTIONS, runIdleRss } from './idleRss.js';
import { idleRssTable } from './idleRssTable.js';

const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const log = (line: string) => process.stderr.write(`${line}\n`);
const baselineAt = process.argv.indexOf('--baseline');
const baselinePreload = baselineAt === -1 ? undefined : process.argv[baselineAt + 1];

log('idle memory row');
const thisMachine = machine();
const startLoad = loadAverage();
const idle_memory = await timed(() =>
  runIdleRss(
    {
      ...DEFAULT_IDLE_RSS_OPTIONS,
      rounds: quick ? 1 : DEFAULT_IDLE_RSS_OPTIONS.rounds,
      baselinePreload,
    },
    log,
  ),
);
const file = resultsPath(quick);
const others = Object.keys(readResults(resultsPath(false))).filter((k) => k !== 'idle_memory');
const lost = lostKeyPaths({ idle_memory }, others);
writeResults(file, { ...readResults(file), idle_memory });
console.log(idleRssTable(idle_memory));
console.log(
  `\n${machineLine(thisMachine, startLoad, loadAverage())}\nwrote ${quick ? 'bench/results.quick.json' : 'bench/results.json'} (idle_memory)\n${lostKeysLine(lost)}`,
);
if (lost.length > 0) process.exitCode = 1;
