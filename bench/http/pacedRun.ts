/**
 * The paced 1 ms rows alone, in fresh server processes: for reproducing
 * them and finding where their µs go, without the rest of the bench.
 *
 *   npm run build && node dist/bench/http/pacedRun.js [options]
 *     --route io_1ms|cpu_1ms   the route (default io_1ms; repeat for both)
 *     --rounds N --seconds S --processes P --warmup S
 *     --after-trivial          first load the trivial route as npm run bench does
 *     --diagnose               where each request's CPU went (serveBenchIpc.ts)
 *     --pin                    the load generator on CPU 0, every server on CPU 1 (taskset)
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { machine, machineLine } from '../support/machine.js';
import { timed } from '../support/timedSection.js';
import { startServers, stopServer } from './benchChild.js';
import { DEFAULT_REALISTIC_OPTIONS } from './httpBench.js';
import { pacedLoad } from './pacedLoad.js';
import { autocannonRun, measureRounds, type ProcessSamples, replicate } from './processRounds.js';
import { REALISTIC_ROUTES, type RealisticRouteKey } from './realisticRoutes.js';
import { latencyTable, roundsPhrase } from './rowsTable.js';
import { summarizeLatencyRows } from './summarizeRows.js';
import { REALISTIC_VARIANT_KEYS, VARIANTS } from './variants.js';

const { values } = parseArgs({
  options: {
    route: { type: 'string', multiple: true, default: ['io_1ms'] },
    rounds: { type: 'string', default: String(DEFAULT_REALISTIC_OPTIONS.rounds) },
    seconds: { type: 'string', default: String(DEFAULT_REALISTIC_OPTIONS.seconds) },
    processes: { type: 'string', default: '3' },
    warmup: { type: 'string', default: String(DEFAULT_REALISTIC_OPTIONS.warmupSeconds) },
    'after-trivial': { type: 'boolean', default: false },
    diagnose: { type: 'boolean', default: false },
    pin: { type: 'boolean', default: false },
  },
});
const options = {
  ...DEFAULT_REALISTIC_OPTIONS,
  rounds: Number(values.rounds),
  seconds: Number(values.seconds),
  warmupSeconds: Number(values.warmup),
};
const processes = Number(values.processes);
const log = (line: string) => process.stderr.write(`${line}\n`);
if (values.diagnose) process.env.BENCH_DIAGNOSE = '1';

const chosen = VARIANTS.filter((v) => REALISTIC_VARIANT_KEYS.includes(v.key));
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Per variant, each diagnostic per request (summed over its processes' runs). */
function diagnosticsTable(samples: readonly ProcessSamples[]): string {
  const rows = chosen.map((v) => {
    const runs = samples.filter((p) => p.key === v.key).flatMap((p) => p.samples);
    const requests = sum(runs.map((s) => s.requests));
    const per = (f: (s: (typeof runs)[number]) => number, scale = 1) =>
      ((sum(runs.map(f)) / requests) * scale).toFixed(1);
    const d = (k: string) => (s: (typeof runs)[number]) =>
      (s.diagnostics as Record<string, number> | undefined)?.[k] ?? Number.NaN;
    return `| ${v.key} | ${per((s) => s.cpuMicros)} | ${per(d('userMicros'))} | ${per(d('systemMicros'))} | ${per(d('voluntarySwitches'), 1000)} | ${per(d('involuntarySwitches'), 1000)} | ${per(d('gcCount'), 1000)} | ${per(d('gcMicros'))} | ${per(d('loopActiveMicros'))} | ${per((s) => s.loadCpuMicros ?? Number.NaN)} |`;
  });
  return [
    '| variant | CPU µs/req | user µs | system µs | voluntary switches /1000 req | involuntary /1000 | GCs /1000 req | GC pause µs/req | loop active µs/req | load generator CPU µs/req |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Per variant, its CPU µs/request in each round (all its processes), and over plain's same round. */
function roundsTable(samples: readonly ProcessSamples[]): string {
  const perRound = (key: string) =>
    Array.from({ length: options.rounds }, (_, r) => {
      const runs = samples
        .filter((p) => p.key === key)
        .flatMap((p) => p.samples.filter((s) => s.round === r));
      return sum(runs.map((s) => s.cpuMicros)) / sum(runs.map((s) => s.requests));
    });
  const plain = perRound('plain');
  return chosen
    .map((v) => {
      const rounds = perRound(v.key);
      const pct = rounds.map((x, r) =>
        (((x - (plain[r] ?? 0)) / (plain[r] ?? 1)) * 100).toFixed(0),
      );
      return `${v.key}: ${rounds.map((x) => x.toFixed(0)).join(' ')} µs/req; over plain ${pct.join(' ')} %`;
    })
    .join('\n');
}

const thisMachine = machine();
const measured = await timed(async () => {
  const servers = await startServers(replicate(chosen, processes));
  if (values.pin) {
    // Every thread (-a): V8's compiler and GC helpers count in the process's CPU too.
    execFileSync('taskset', ['-a', '-pc', '0', String(process.pid)], { stdio: 'ignore' });
    for (const s of servers)
      execFileSync('taskset', ['-a', '-pc', '1', String(s.child.pid)], { stdio: 'ignore' });
  }
  const tables: string[] = [];
  try {
    if (values['after-trivial']) {
      await measureRounds(
        servers,
        { rounds: 2, seconds: 2, warmupSeconds: 2 },
        autocannonRun(50),
        (l) => log(`  trivial ${l}`),
      );
    }
    for (const key of values.route as RealisticRouteKey[]) {
      const route = REALISTIC_ROUTES.find((r) => r.key === key);
      if (route === undefined)
        throw new RangeError(`--route must be io_1ms or cpu_1ms, got: ${key}`);
      const samples = await measureRounds(
        servers,
        options,
        (s, seconds) =>
          pacedLoad(`${s.origin}${route.path}`, seconds, route.rate, options.connections),
        (l) => log(`  ${route.key} ${l}`),
      );
      const rows = summarizeLatencyRows(chosen, samples, options.rounds);
      tables.push(
        latencyTable(
          `Koa \`GET ${route.path}\`, ${route.rate} req/s over ${options.connections} connections, ${processes} processes per row, ${roundsPhrase(options)}`,
          Object.values(rows),
        ),
        `per process CPU µs/request: ${chosen.map((v) => `${v.key} ${rows[v.key].cpu_us_per_request_processes.join(' / ')}`).join('; ')}`,
      );
      if (values.diagnose) tables.push(diagnosticsTable(samples), roundsTable(samples));
    }
  } finally {
    await Promise.all(servers.map(stopServer));
  }
  return { tables };
});
console.log(measured.tables.join('\n\n'));
console.log(
  `\n${machineLine(thisMachine, measured.run.load_average_at_start, measured.run.load_average_at_end)}; ${measured.run.seconds} s`,
);
