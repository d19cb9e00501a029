/**
 * The per-framework rows: for Express and for Fastify, the plain app, ours
 * zero-code and the framework's best-known metrics peers (variants.ts
 * FRAMEWORKS), measured with the harness of the Koa rows: several server
 * processes per variant, interleaved rounds after a warm-up round
 * (processRounds.ts), and per row the median over processes of server CPU
 * µs per request over the plain app's, with the min–max over processes
 * (summarizeRows.ts).
 */
import { type Running, startServers, stopServer } from './benchChild.js';
import { autocannonRun, measureRounds, type RoundsOptions, replicate } from './processRounds.js';
import { type RowResult, summarizeRows } from './summarizeRows.js';
import { FRAMEWORKS, type Framework, type FrameworkVariantKey } from './variants.js';

/** Options of one run of the per-framework rows. */
export type FrameworkBenchOptions = RoundsOptions;

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
export type FrameworkVariantResult = RowResult;

/** One framework's rows. */
export interface FrameworkResult {
  readonly label: string;
  /** The plain variant the others are compared with. */
  readonly baseline: FrameworkVariantKey;
  readonly variants: Partial<Record<FrameworkVariantKey, FrameworkVariantResult>>;
}

/** Runs one framework's rows: all its processes up at once, measured in interleaved rounds. */
async function runFramework(
  framework: Framework,
  options: FrameworkBenchOptions,
  log: (line: string) => void,
): Promise<FrameworkResult> {
  const servers: Running<FrameworkVariantKey>[] = await startServers(
    replicate(framework.variants, options.processes),
  );
  try {
    const samples = await measureRounds(servers, options, autocannonRun(options.connections), (l) =>
      log(`  ${framework.name} ${l}`),
    );
    return {
      label: framework.label,
      baseline: framework.variants[0]?.key as FrameworkVariantKey,
      variants: summarizeRows(framework.variants, samples, options.rounds),
    };
  } finally {
    await Promise.all(servers.map(stopServer));
  }
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
