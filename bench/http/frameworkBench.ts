/**
 * The per-framework rows: for Express and for Fastify, the plain app, ours
 * zero-code and the framework's best-known metrics peers (variants.ts
 * FRAMEWORKS), measured side by side with the harness of the Koa rows
 * (benchChild.ts). To tell a variant's cost from the noise of one process
 * (JIT luck, GC timing, where the scheduler put it), each variant runs in
 * several server processes at once, and each round measures every process
 * in turn, forwards then backwards, so the machine's noise hits all alike.
 *
 * The lead figure is server CPU µs per request: each process's CPU time over
 * all its runs divided by the requests it served; per variant the median
 * over its processes, minus the plain app's median, with the min–max over
 * its processes beside it. Throughput is reported too, but the load
 * generator shares the machine, so req/s is the noisier figure.
 */
import { median, round } from '../support/measure.js';
import { load, type Running, serverStats, startServers, stopServer } from './benchChild.js';
import { FRAMEWORKS, type Framework, type FrameworkVariantKey } from './variants.js';

/** Options of one run of the per-framework rows. */
export interface FrameworkBenchOptions {
  /** Server processes per variant. */
  readonly processes: number;
  readonly rounds: number;
  /** Seconds of each load run. */
  readonly seconds: number;
  readonly connections: number;
  /** Seconds of load on each process before the first round. */
  readonly warmupSeconds: number;
}

/** Default options: about five minutes for both frameworks. */
export const DEFAULT_FRAMEWORK_OPTIONS: FrameworkBenchOptions = {
  processes: 3,
  rounds: 6,
  seconds: 2,
  connections: 50,
  warmupSeconds: 2,
};

/** Quick options (`BENCH_QUICK=1`): about a minute, for trying the harness; the figures are rough. */
export const QUICK_FRAMEWORK_OPTIONS: FrameworkBenchOptions = {
  processes: 3,
  rounds: 1,
  seconds: 1,
  connections: 50,
  warmupSeconds: 1,
};

/** One variant's figures. */
export interface FrameworkVariantResult {
  readonly label: string;
  /** Median over processes of server CPU µs/request, minus the plain app's median. */
  readonly cpu_us_over_plain: number;
  /** Lowest and highest process of this variant, minus the plain app's median. */
  readonly cpu_us_over_plain_min: number;
  readonly cpu_us_over_plain_max: number;
  /** Median over processes of server CPU µs/request. */
  readonly cpu_us_per_request: number;
  /** Each process's CPU time over all its runs divided by the requests of those runs. */
  readonly cpu_us_per_request_processes: number[];
  /** Median req/s over every run of every process. */
  readonly rps: number;
  /** Median over rounds of this variant's mean req/s divided by the plain app's, same round. */
  readonly ratio_vs_plain: number;
  readonly ratio_runs_vs_plain: number[];
  /** Requests the dashboard store recorded, against requests the servers received (all processes). */
  readonly recorded?: { readonly recorded: number; readonly received: number };
}

/** One framework's rows. */
export interface FrameworkResult {
  readonly label: string;
  /** The plain variant the others are compared with. */
  readonly baseline: FrameworkVariantKey;
  readonly variants: Partial<Record<FrameworkVariantKey, FrameworkVariantResult>>;
}

interface Sample {
  readonly round: number;
  readonly rps: number;
  readonly cpuMicros: number;
  readonly requests: number;
}

/** Runs one framework's rows: all its processes up at once, measured in interleaved rounds. */
async function runFramework(
  framework: Framework,
  options: FrameworkBenchOptions,
  log: (line: string) => void,
): Promise<FrameworkResult> {
  // Process p of every variant, then process p + 1: replicas are spread over each round.
  const order = Array.from({ length: options.processes }, () => framework.variants).flat();
  const servers: Running<FrameworkVariantKey>[] = await startServers(order);
  const samples = new Map<Running<FrameworkVariantKey>, Sample[]>(servers.map((s) => [s, []]));
  try {
    for (const s of servers) await load(s.url, options.warmupSeconds, options.connections);
    for (let r = 0; r < options.rounds; r++) {
      for (const s of r % 2 === 0 ? servers : [...servers].reverse()) {
        const before = await serverStats(s);
        const result = await load(s.url, options.seconds, options.connections);
        const after = await serverStats(s);
        samples.get(s)?.push({
          round: r,
          rps: result.requests.average,
          cpuMicros: after.cpuMicros - before.cpuMicros,
          requests: result.requests.total,
        });
      }
      log(`  ${framework.name} round ${r + 1}/${options.rounds} done`);
    }
    // Let the last responses of the last run finish before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const finals = new Map(
      await Promise.all(servers.map(async (s) => [s, await serverStats(s)] as const)),
    );
    return summarize(framework, options.rounds, servers, samples, finals);
  } finally {
    await Promise.all(servers.map(stopServer));
  }
}

function summarize(
  framework: Framework,
  rounds: number,
  servers: readonly Running<FrameworkVariantKey>[],
  samples: ReadonlyMap<Running<FrameworkVariantKey>, readonly Sample[]>,
  finals: ReadonlyMap<Running<FrameworkVariantKey>, { recorded: number; received: number }>,
): FrameworkResult {
  const of = (key: FrameworkVariantKey) => servers.filter((s) => s.variant.key === key);
  const cpuPerRequest = (s: Running<FrameworkVariantKey>) => {
    const runs = samples.get(s) ?? [];
    const cpu = runs.reduce((sum, x) => sum + x.cpuMicros, 0);
    const requests = runs.reduce((sum, x) => sum + x.requests, 0);
    return cpu / requests;
  };
  /** The mean req/s of a variant's processes in each round. */
  const roundRps = (key: FrameworkVariantKey) =>
    Array.from({ length: rounds }, (_, r) => {
      const runs = of(key).flatMap((s) => (samples.get(s) ?? []).filter((x) => x.round === r));
      return runs.reduce((sum, x) => sum + x.rps, 0) / runs.length;
    });
  const baseline = framework.variants[0]?.key as FrameworkVariantKey;
  const plainCpu = median(of(baseline).map(cpuPerRequest));
  const plainRounds = roundRps(baseline);
  const variants: FrameworkResult['variants'] = {};
  for (const v of framework.variants) {
    const cpu = of(v.key).map(cpuPerRequest);
    const ratios = roundRps(v.key).map((x, r) => x / (plainRounds[r] ?? Number.NaN));
    const recorded = of(v.key).map((s) => finals.get(s)?.recorded ?? -1);
    const received = of(v.key).reduce((sum, s) => sum + (finals.get(s)?.received ?? 0), 0);
    variants[v.key] = {
      label: v.label,
      cpu_us_over_plain: round(median(cpu) - plainCpu, 1),
      cpu_us_over_plain_min: round(Math.min(...cpu) - plainCpu, 1),
      cpu_us_over_plain_max: round(Math.max(...cpu) - plainCpu, 1),
      cpu_us_per_request: round(median(cpu), 1),
      cpu_us_per_request_processes: cpu.map((c) => round(c, 1)),
      rps: Math.round(median(of(v.key).flatMap((s) => (samples.get(s) ?? []).map((x) => x.rps)))),
      ratio_vs_plain: round(median(ratios), 3),
      ratio_runs_vs_plain: ratios.map((x) => round(x, 3)),
      ...(recorded.every((n) => n >= 0)
        ? { recorded: { recorded: recorded.reduce((a, b) => a + b, 0), received } }
        : {}),
    };
  }
  return { label: framework.label, baseline, variants };
}

/** Runs every framework's rows, one framework after the other. */
export async function runFrameworkBench(
  options: FrameworkBenchOptions = DEFAULT_FRAMEWORK_OPTIONS,
  log: (line: string) => void = () => {},
): Promise<Record<Framework['name'], FrameworkResult>> {
  const out = {} as Record<Framework['name'], FrameworkResult>;
  for (const framework of FRAMEWORKS)
    out[framework.name] = await runFramework(framework, options, log);
  return out;
}
