/**
 * HTTP overhead: autocannon on 127.0.0.1 against each variant of
 * variants.ts, same route, connections and duration for every row. All
 * servers are started once and warmed up; then each round measures every
 * variant in turn, forwards then backwards (A B C D E, E D C B A, …), so
 * machine noise hits all of them alike. Each figure is the median over rounds, and each ratio is the
 * median of the per-round ratios (the two runs of a pair are seconds
 * apart). Server CPU time per request is reported beside throughput: on a
 * shared machine it is steadier than req/s.
 *
 *   node dist/bench/http/httpBench.js [seconds-per-run] [rounds]
 */
import { fileURLToPath } from 'node:url';
import { median, round } from '../support/measure.js';
import { load, type Running, serverStats, startServers, stopServer } from './benchChild.js';
import { VARIANTS, type VariantKey } from './variants.js';

/** Options of one HTTP benchmark run. */
export interface HttpBenchOptions {
  readonly seconds: number;
  readonly rounds: number;
  readonly connections: number;
  readonly warmupSeconds: number;
}

/** Default options: about three minutes in all; many short rounds give steadier medians. */
export const DEFAULT_HTTP_OPTIONS: HttpBenchOptions = {
  seconds: 2,
  rounds: 16,
  connections: 50,
  warmupSeconds: 2,
};

/** Per-variant figures. */
export interface VariantResult {
  readonly label: string;
  readonly rps: number;
  readonly rps_runs: number[];
  readonly cpu_us_per_request: number;
  /** Median over rounds of this variant's req/s divided by plain Koa's, same round. */
  readonly ratio_vs_plain: number;
  readonly ratio_runs_vs_plain: number[];
  /** Requests the variant's dashboard store recorded, against requests the server received (all runs). */
  readonly recorded?: { readonly recorded: number; readonly received: number };
}

/** Runs the HTTP rows and returns them by variant key. */
export async function runHttpBench(
  options: HttpBenchOptions = DEFAULT_HTTP_OPTIONS,
  log: (line: string) => void = () => {},
): Promise<Record<VariantKey, VariantResult>> {
  const servers: Running<VariantKey>[] = await startServers(VARIANTS);
  try {
    for (const s of servers) await load(s.url, options.warmupSeconds, options.connections);
    const rps = new Map<VariantKey, number[]>(VARIANTS.map((v) => [v.key, []]));
    const cpu = new Map<VariantKey, number[]>(VARIANTS.map((v) => [v.key, []]));
    for (let round = 0; round < options.rounds; round++) {
      for (const s of round % 2 === 0 ? servers : [...servers].reverse()) {
        const before = await serverStats(s);
        const result = await load(s.url, options.seconds, options.connections);
        const after = await serverStats(s);
        rps.get(s.variant.key)?.push(result.requests.average);
        cpu.get(s.variant.key)?.push((after.cpuMicros - before.cpuMicros) / result.requests.total);
        log(
          `  round ${round + 1}/${options.rounds} ${s.variant.key.padEnd(14)} ${Math.round(result.requests.average)} req/s`,
        );
      }
    }
    // Let the last responses of the last run finish before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const plainRuns = rps.get('plain') ?? [];
    const out = {} as Record<VariantKey, VariantResult>;
    for (const s of servers) {
      const key = s.variant.key;
      const runs = rps.get(key) ?? [];
      const ratios = runs.map((r, i) => r / (plainRuns[i] ?? Number.NaN));
      const final = await serverStats(s);
      out[key] = {
        label: s.variant.label,
        rps: Math.round(median(runs)),
        rps_runs: runs.map((r) => Math.round(r)),
        cpu_us_per_request: round(median(cpu.get(key) ?? []), 1),
        ratio_vs_plain: round(median(ratios), 3),
        ratio_runs_vs_plain: ratios.map((r) => round(r, 3)),
        ...(final.recorded >= 0
          ? { recorded: { recorded: final.recorded, received: final.received } }
          : {}),
      };
    }
    return out;
  } finally {
    await Promise.all(servers.map(stopServer));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const seconds = Number(process.argv[2] ?? DEFAULT_HTTP_OPTIONS.seconds);
  const rounds = Number(process.argv[3] ?? DEFAULT_HTTP_OPTIONS.rounds);
  const result = await runHttpBench({ ...DEFAULT_HTTP_OPTIONS, seconds, rounds }, console.log);
  console.log(JSON.stringify(result, null, 2));
}
