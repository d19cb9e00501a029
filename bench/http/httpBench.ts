/**
 * The Koa HTTP rows: autocannon on 127.0.0.1 against each variant of
 * variants.ts on the trivial route, then the realistic 1 ms routes
 * (realisticRoutes.ts) at a fixed rate on the variants of
 * REALISTIC_VARIANT_KEYS, in the same server processes. Every variant runs
 * in `processes` server processes at once, measured in interleaved rounds
 * after a warm-up round (processRounds.ts); each row's lead figure is the
 * median over its processes of server CPU µs per request, over plain Koa's,
 * with the lowest and highest process (summarizeRows.ts).
 *
 *   node dist/bench/http/httpBench.js [seconds-per-run] [rounds] [processes]
 */
import { fileURLToPath } from 'node:url';
import { median, round } from '../support/measure.js';
import type { SectionRun } from '../support/timedSection.js';
import { type Running, startServers, stopServer } from './benchChild.js';
import { pacedLoad } from './pacedLoad.js';
import { autocannonRun, measureRounds, type RoundsOptions, replicate } from './processRounds.js';
import { REALISTIC_ROUTES, type RealisticRouteKey } from './realisticRoutes.js';
import {
  type LatencyRowResult,
  type RowResult,
  summarizeLatencyRows,
  summarizeRows,
} from './summarizeRows.js';
import { REALISTIC_VARIANT_KEYS, VARIANTS, type VariantKey } from './variants.js';

/** Default options of the trivial-route rows: about 3½ minutes for five variants. */
export const DEFAULT_HTTP_OPTIONS: RoundsOptions = {
  processes: 3,
  rounds: 6,
  seconds: 2,
  connections: 50,
  warmupSeconds: 2,
};

/** Quick options (`BENCH_QUICK=1`): for trying the harness; the figures are rough. */
export const QUICK_HTTP_OPTIONS: RoundsOptions = {
  processes: 3,
  rounds: 1,
  seconds: 1,
  connections: 50,
  warmupSeconds: 1,
};

/** Options of the realistic rows; they run in the trivial rows' processes, so `processes` is theirs. */
export type RealisticOptions = Omit<RoundsOptions, 'processes'>;

/**
 * Default options of the realistic rows: about six and a half minutes for
 * two routes and four variants. Many short rounds, because their lead figure is the
 * median over (round, process) pairs run side by side (pairedOverBaseline.ts):
 * 12 rounds × 3 processes give 36 pairs a row, where 3 rounds of 2 s gave
 * figures that moved by tens of points from run to run. A warm-up of 4 s at
 * the paced rate: right after the saturated trivial rows, our processes'
 * first paced second read twice plain's CPU in a diagnosed run (most likely
 * the garbage collections V8 runs once the allocation rate drops, larger
 * for a bigger heap).
 */
export const DEFAULT_REALISTIC_OPTIONS: RealisticOptions = {
  rounds: 12,
  seconds: 1,
  connections: 8,
  warmupSeconds: 4,
};

/** Quick options of the realistic rows. */
export const QUICK_REALISTIC_OPTIONS: RealisticOptions = {
  rounds: 1,
  seconds: 1,
  connections: 8,
  warmupSeconds: 1,
};

/** One realistic route's rows. */
export interface RealisticRouteResult {
  readonly label: string;
  readonly path: string;
  /** Requests per second of the paced load. */
  readonly rate: number;
  readonly variants: Partial<Record<VariantKey, LatencyRowResult>>;
}

/** What runHttpBench measures. */
export interface HttpBenchResult {
  readonly variants: Record<VariantKey, RowResult>;
  readonly realistic: Record<RealisticRouteKey, RealisticRouteResult>;
}

/** Runs the trivial-route rows, then the realistic rows, in the same processes. */
export async function runHttpBench(
  options: RoundsOptions = DEFAULT_HTTP_OPTIONS,
  realisticOptions: RealisticOptions = DEFAULT_REALISTIC_OPTIONS,
  log: (line: string) => void = () => {},
): Promise<HttpBenchResult> {
  const servers: Running<VariantKey>[] = await startServers(replicate(VARIANTS, options.processes));
  try {
    const trivial = await measureRounds(servers, options, autocannonRun(options.connections), (l) =>
      log(`  koa ${l}`),
    );
    const variants = summarizeRows(VARIANTS, trivial, options.rounds);
    const chosen = VARIANTS.filter((v) => REALISTIC_VARIANT_KEYS.includes(v.key));
    const realistic = {} as Record<RealisticRouteKey, RealisticRouteResult>;
    for (const route of REALISTIC_ROUTES) {
      const samples = await measureRounds(
        servers.filter((s) => REALISTIC_VARIANT_KEYS.includes(s.variant.key)),
        realisticOptions,
        (s, seconds) =>
          pacedLoad(`${s.origin}${route.path}`, seconds, route.rate, realisticOptions.connections),
        (l) => log(`  koa ${route.key} ${l}`),
      );
      realistic[route.key] = {
        label: route.label,
        path: route.path,
        rate: route.rate,
        variants: summarizeLatencyRows(chosen, samples, realisticOptions.rounds),
      };
    }
    return { variants, realistic };
  } finally {
    await Promise.all(servers.map(stopServer));
  }
}

/**
 * The `http` section of bench/results.json: the summary keys every earlier
 * run wrote (req/s per variant and the ratios), then the options, the rows
 * and when they ran.
 */
export function httpSection(
  variants: Record<VariantKey, RowResult>,
  options: RoundsOptions,
  run: SectionRun,
) {
  /** Median over rounds of `a`'s mean req/s over `b`'s, same round. */
  const pairRatio = (a: VariantKey, b: VariantKey) =>
    round(
      median(variants[a].rps_runs.map((r, i) => r / (variants[b].rps_runs[i] ?? Number.NaN))),
      3,
    );
  return {
    plain_rps: variants.plain.rps,
    otel_noop_rps: variants.otel_noop.rps,
    full_rps: variants.full.rps,
    lean_rps: variants.lean.rps,
    swagger_stats_rps: variants.swagger_stats.rps,
    ratio_full_vs_plain: pairRatio('full', 'plain'),
    ratio_lean_vs_plain: pairRatio('lean', 'plain'),
    ratio_full_vs_otel_noop: pairRatio('full', 'otel_noop'),
    ratio_swagger_stats_vs_plain: pairRatio('swagger_stats', 'plain'),
    ratio_otel_noop_vs_plain: pairRatio('otel_noop', 'plain'),
    options: { route: 'GET /items/:id', ...options },
    variants,
    run,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const seconds = Number(process.argv[2] ?? DEFAULT_HTTP_OPTIONS.seconds);
  const rounds = Number(process.argv[3] ?? DEFAULT_HTTP_OPTIONS.rounds);
  const processes = Number(process.argv[4] ?? DEFAULT_HTTP_OPTIONS.processes);
  const result = await runHttpBench(
    { ...DEFAULT_HTTP_OPTIONS, seconds, rounds, processes },
    DEFAULT_REALISTIC_OPTIONS,
    console.log,
  );
  console.log(JSON.stringify(result, null, 2));
}
