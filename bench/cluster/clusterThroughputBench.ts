/**
 * Throughput of a 2-worker node:cluster with golden-signals against the
 * same cluster without it (issue 10, item 8): the fixture Express app
 * (test/load/fixtures/clusterApp.mjs, `WORKERS=2`) plain, and under the
 * zero-code entry (the primary keeps the dashboard and the receiver, each
 * worker forwards its spans over OTLP). Several clusters per variant,
 * interleaved rounds of a fixed request count (treeRounds.ts). req/s runs
 * from the first request to the last response; golden-signals ÷ plain is
 * the median over pairs measured one after the other in the same round. The
 * CPU figure is the whole tree's (primary and both workers, from /proc) per
 * request. The load generator shares the machine's cores with the cluster,
 * so req/s says as much about the machine as about the cluster.
 */
import { median, round } from '../support/measure.js';
import { startTrees, type TreeSpec } from './ClusterTree.js';
import type { Spread } from './forwardingBench.js';
import { measureTrees, ROUTE, type RoundOptions, type TreeMeasures } from './treeRounds.js';

/** Options of the 2-worker rows. */
export interface ClusterThroughputOptions extends RoundOptions {
  /** Clusters per variant. */
  readonly clusters: number;
  readonly workers: number;
}

/** Default options: about two minutes on two cores. */
export const DEFAULT_CLUSTER_THROUGHPUT_OPTIONS: ClusterThroughputOptions = {
  clusters: 3,
  workers: 2,
  rounds: 2,
  requests: 20_000,
  warmupRequests: 5_000,
  connections: 50,
  maxSeconds: 120,
};

/** Quick options (`BENCH_QUICK=1`): three runs per variant, rough figures. */
export const QUICK_CLUSTER_THROUGHPUT_OPTIONS: ClusterThroughputOptions = {
  clusters: 3,
  workers: 2,
  rounds: 1,
  requests: 4_000,
  warmupRequests: 1_000,
  connections: 50,
  maxSeconds: 60,
};

/** A 2-worker row's key in bench/results.json. */
export type ClusterVariantKey = 'plain' | 'ours';

/** One variant's figures. */
export interface ClusterVariantResult {
  readonly label: string;
  /** req/s of every run (median, lowest, highest). */
  readonly rps: Spread;
  /** CPU µs/request of the whole tree, per cluster over all its runs. */
  readonly tree_cpu_us_per_request: Spread;
  /** The primary's share of it (the receiver and dashboard, under golden-signals). */
  readonly primary_cpu_us_per_request: Spread;
  /** Requests the dashboard counted against those the client completed, all clusters; golden-signals only. */
  readonly counted?: { readonly dashboard: number; readonly client: number };
}

/** The 2-worker rows. */
export interface ClusterThroughputResult {
  readonly options: ClusterThroughputOptions & { readonly route: string };
  readonly variants: Record<ClusterVariantKey, ClusterVariantResult>;
  /** golden-signals req/s ÷ plain req/s: median over pairs, lowest, highest. */
  readonly ratio_ours_vs_plain: Spread;
}

const spread = (xs: number[], digits: number): Spread => ({
  median: round(median(xs), digits),
  min: round(Math.min(...xs), digits),
  max: round(Math.max(...xs), digits),
  values: xs.map((x) => round(x, digits)),
});

/** Runs the 2-worker rows: every cluster up at once, measured in interleaved rounds. */
export async function runClusterThroughputBench(
  options: ClusterThroughputOptions = DEFAULT_CLUSTER_THROUGHPUT_OPTIONS,
  log: (line: string) => void = () => {},
): Promise<ClusterThroughputResult> {
  const specs: Record<ClusterVariantKey, TreeSpec> = {
    plain: { workers: options.workers, goldenSignals: false },
    ours: { workers: options.workers, goldenSignals: true },
  };
  // plain, ours, plain, ours…: each pair is measured back to back.
  const order = Array.from(
    { length: options.clusters },
    () => ['plain', 'ours'] as ClusterVariantKey[],
  ).flat();
  const trees = await startTrees(order.map((k) => specs[k]));
  let measured: TreeMeasures;
  try {
    measured = await measureTrees(trees, options, log, `${options.workers}-worker cluster`);
  } finally {
    await Promise.all(trees.map((t) => t.stop()));
  }
  const { samples } = measured;
  const indexes = (key: ClusterVariantKey) => order.flatMap((k, i) => (k === key ? [i] : []));
  const perRequest = (i: number, micros: (s: (typeof samples)[0][0]) => number) => {
    const runs = samples[i] ?? [];
    return runs.reduce((n, s) => n + micros(s), 0) / runs.reduce((n, s) => n + s.requests, 0);
  };
  const sum = (xs: readonly number[], key: ClusterVariantKey) =>
    indexes(key).reduce((n, i) => n + (xs[i] ?? 0), 0);
  const variants = {} as Record<ClusterVariantKey, ClusterVariantResult>;
  for (const key of ['plain', 'ours'] as const) {
    const is = indexes(key);
    variants[key] = {
      label: `${key === 'plain' ? 'plain Express' : 'golden-signals, zero-code'}, ${options.workers}-worker cluster`,
      rps: spread(
        is.flatMap((i) => (samples[i] ?? []).map((s) => s.rps)),
        0,
      ),
      tree_cpu_us_per_request: spread(
        is.map((i) =>
          perRequest(i, (s) => s.primaryMicros + s.workerMicros.reduce((a, b) => a + b, 0)),
        ),
        1,
      ),
      primary_cpu_us_per_request: spread(
        is.map((i) => perRequest(i, (s) => s.primaryMicros)),
        1,
      ),
      ...(key === 'ours'
        ? { counted: { dashboard: sum(measured.counted, key), client: sum(measured.sent, key) } }
        : {}),
    };
  }
  // Pair c: plain cluster c and ours cluster c, in the same round.
  const ratios = indexes('plain').flatMap((p, c) => {
    const o = indexes('ours')[c] as number;
    return (samples[p] ?? []).map((s, r) => (samples[o]?.[r]?.rps ?? Number.NaN) / s.rps);
  });
  return {
    options: { route: `GET ${ROUTE}`, ...options },
    variants,
    ratio_ours_vs_plain: spread(ratios, 3),
  };
}
