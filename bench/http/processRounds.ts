/**
 * The loop every multi-process HTTP row shares (httpBench.ts for the Koa
 * rows and the 1 ms routes, frameworkBench.ts for Express and Fastify).
 * Identical server processes differ by up to a third in CPU per request from
 * one start to the next (JIT luck, GC timing, where the scheduler put them),
 * so each variant runs in several processes at once, and each round loads
 * every process in turn, starting at another process each round and
 * alternately backwards and forwards, so the machine's noise hits all alike and no
 * variant always runs first or last. The first round is a warm-up and is discarded.
 */
import { load, type Running, serverStats } from './benchChild.js';
import type { ServerDiagnostics, ServerStats } from './serveBenchIpc.js';

/** How many processes, rounds and seconds a set of rows takes. */
export interface RoundsOptions {
  /** Server processes per variant. */
  readonly processes: number;
  /** Measured rounds, after the warm-up round. */
  readonly rounds: number;
  /** Seconds of each measured load run. */
  readonly seconds: number;
  readonly connections: number;
  /** Seconds of each run of the warm-up round (forwards, before the first measured round; discarded). */
  readonly warmupSeconds: number;
}

/** What one load run on one process gives. */
export interface LoadRun {
  /** Requests completed in the run. */
  readonly requests: number;
  /** Their mean rate over the run. */
  readonly rps: number;
  /** Client-side latency of each request, when the load generator times them (pacedLoad.ts). */
  readonly latenciesMs?: readonly number[];
}

/** One measured run on one process. */
export interface Sample extends LoadRun {
  /** 0 for the first measured round. */
  readonly round: number;
  /** The server's CPU time (user + system) over the run. */
  readonly cpuMicros: number;
  /** The load generator's (this process's) CPU time over the run. */
  readonly loadCpuMicros?: number;
  /** The server's diagnostics over the run, when it serves them (serveBenchIpc.ts). */
  readonly diagnostics?: Readonly<Record<keyof ServerDiagnostics, number>>;
}

/** One process's measured runs and its counts at the end. */
export interface ProcessSamples<K extends string = string> {
  readonly key: K;
  readonly samples: readonly Sample[];
  readonly final: ServerStats;
}

/** Process 0 of every variant, then process 1, …: replicas are spread over each round. */
export function replicate<T>(variants: readonly T[], processes: number): T[] {
  return Array.from({ length: processes }, () => variants).flat();
}

/**
 * The order of round `r` (−1 is the warm-up, in list order): round r starts
 * at the list's r-th entry (cyclically) and runs backwards in even rounds,
 * forwards in odd ones. With replicate()'s interleaved list, each round
 * starts and ends with another variant, so none always runs first or last.
 */
export function roundOrder<T>(servers: readonly T[], r: number): readonly T[] {
  const n = servers.length;
  if (r < 0 || n === 0) return servers;
  const step = r % 2 === 0 ? -1 : 1;
  return Array.from({ length: n }, (_, i) => servers[(((r + step * i) % n) + n) % n] as T);
}

/** The autocannon run of the trivial-route rows: `connections` keep-alive connections as fast as they go. */
export function autocannonRun(
  connections: number,
): (server: Running, seconds: number) => Promise<LoadRun> {
  return async (server, seconds) => {
    const result = await load(server.url, seconds, connections);
    return { requests: result.requests.total, rps: result.requests.average };
  };
}

/** The change of every diagnostic between two stats of one server, when it serves them. */
function diagnosticsOver(
  before: ServerStats,
  after: ServerStats,
): Pick<Sample, 'diagnostics'> | undefined {
  const a = after.diagnostics;
  const b = before.diagnostics;
  if (a === undefined || b === undefined) return undefined;
  const keys = Object.keys(a) as (keyof ServerDiagnostics)[];
  return {
    diagnostics: Object.fromEntries(keys.map((k) => [k, a[k] - b[k]])) as Record<
      keyof ServerDiagnostics,
      number
    >,
  };
}

/**
 * A warm-up round of `warmupSeconds` on every server, then `rounds` measured
 * rounds of `seconds`, each server's CPU time read over IPC before and after
 * its run; returns every server's measured runs and its final counts.
 */
export async function measureRounds<K extends string>(
  servers: readonly Running<K>[],
  options: Pick<RoundsOptions, 'rounds' | 'seconds' | 'warmupSeconds'>,
  run: (server: Running<K>, seconds: number) => Promise<LoadRun>,
  log: (line: string) => void = () => {},
): Promise<ProcessSamples<K>[]> {
  const samples = new Map<Running<K>, Sample[]>(servers.map((s) => [s, []]));
  for (const s of roundOrder(servers, -1)) await run(s, options.warmupSeconds);
  for (let r = 0; r < options.rounds; r++) {
    for (const s of roundOrder(servers, r)) {
      const before = await serverStats(s);
      const loadBefore = process.cpuUsage();
      const result = await run(s, options.seconds);
      const load = process.cpuUsage(loadBefore);
      const after = await serverStats(s);
      samples.get(s)?.push({
        ...result,
        round: r,
        cpuMicros: after.cpuMicros - before.cpuMicros,
        loadCpuMicros: load.user + load.system,
        ...diagnosticsOver(before, after),
      });
    }
    log(`round ${r + 1}/${options.rounds} done`);
  }
  // Let the last responses of the last run finish before counting.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return Promise.all(
    servers.map(async (s) => ({
      key: s.variant.key,
      samples: samples.get(s) ?? [],
      final: await serverStats(s),
    })),
  );
}
