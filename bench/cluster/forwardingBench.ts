/**
 * The CPU µs per request that OTLP forwarding adds to a worker (issue 10,
 * item 8): the same Express app (test/load/fixtures/clusterApp.mjs) as one
 * plain process, as a plain 1-worker node:cluster, under the zero-code entry
 * as one process (the in-process store, today's single-process default),
 * and under the zero-code entry as a 1-worker cluster, whose worker keeps no
 * store and forwards every span to the primary's receiver (in compact
 * batches since issue 26; over OTLP/HTTP protobuf before). A true cluster worker, not a process pointed at
 * `golden-signals serve`: it is the feature as users run it.
 *
 * Several trees per variant, interleaved rounds (treeRounds.ts). A
 * process's figure is its CPU time over all its runs divided by the requests
 * of those runs; a variant's is the median over its trees, with the lowest
 * and highest. The primary's own figure is the receiver's cost per request
 * (the plain cluster's primary shows what the cluster itself costs there).
 */
import { median, round } from '../support/measure.js';
import { startTrees, type TreeSpec } from './ClusterTree.js';
import {
  measureTrees,
  ROUTE,
  type RoundOptions,
  type TreeMeasures,
  type TreeSample,
} from './treeRounds.js';

/** Options of the forwarding rows. */
export interface ForwardingBenchOptions extends RoundOptions {
  /** Trees per variant. */
  readonly processes: number;
}

/** Default options: a few minutes on two cores. */
export const DEFAULT_FORWARDING_OPTIONS: ForwardingBenchOptions = {
  processes: 3,
  rounds: 4,
  requests: 10_000,
  warmupRequests: 3_000,
  connections: 50,
  maxSeconds: 60,
};

/** Quick options (`BENCH_QUICK=1`): rough figures, for trying the harness. */
export const QUICK_FORWARDING_OPTIONS: ForwardingBenchOptions = {
  processes: 3,
  rounds: 1,
  requests: 2_000,
  warmupRequests: 1_000,
  connections: 50,
  maxSeconds: 30,
};

/** A forwarding row's key in bench/results.json. */
export type ForwardingVariantKey = 'plain' | 'plain_cluster' | 'in_process' | 'forwarding';

/** The variants, in the order each round measures them. */
export const FORWARDING_VARIANTS: readonly {
  readonly key: ForwardingVariantKey;
  readonly label: string;
  readonly spec: TreeSpec;
}[] = [
  { key: 'plain', label: 'plain Express, one process', spec: { workers: 0, goldenSignals: false } },
  {
    key: 'plain_cluster',
    label: 'plain Express, 1-worker cluster',
    spec: { workers: 1, goldenSignals: false },
  },
  {
    key: 'in_process',
    label: 'golden-signals, one process, in-process store',
    spec: { workers: 0, goldenSignals: true },
  },
  {
    key: 'forwarding',
    label: 'golden-signals, 1-worker cluster: the worker forwards over OTLP',
    spec: { workers: 1, goldenSignals: true },
  },
];

/** Median, lowest and highest of some figures (one per tree, or per run), and the figures. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly values: number[];
}

/** One variant's figures. */
export interface ForwardingVariantResult {
  readonly label: string;
  /** CPU µs/request of the process serving the requests (the worker in a cluster). */
  readonly server_cpu_us_per_request: Spread;
  /** The same minus plain's median. */
  readonly server_cpu_us_over_plain: Spread;
  /** CPU µs/request of the cluster's primary (the receiver, under golden-signals); clusters only. */
  readonly primary_cpu_us_per_request?: Spread;
  /** Median req/s over every run (the client shares the machine: the noisier figure). */
  readonly rps: number;
  /** Requests the dashboard counted against those the client completed, all trees; golden-signals only. */
  readonly counted?: { readonly dashboard: number; readonly client: number };
}

/** The forwarding rows. */
export interface ForwardingResult {
  readonly options: ForwardingBenchOptions & { readonly route: string };
  readonly variants: Record<ForwardingVariantKey, ForwardingVariantResult>;
  /** Forwarding worker's median minus the in-process store's: what forwarding costs over keeping the store. */
  readonly forwarding_over_in_process_us: number;
  /** Forwarding worker's median minus the plain 1-worker cluster's worker: golden-signals' whole cost on a worker. */
  readonly forwarding_over_plain_cluster_us: number;
  /** The receiver's median CPU µs/request (the forwarding primary) minus the plain cluster primary's. */
  readonly receiver_over_plain_primary_us: number;
}

const spread = (xs: number[], minus = 0): Spread => ({
  median: round(median(xs) - minus, 1),
  min: round(Math.min(...xs) - minus, 1),
  max: round(Math.max(...xs) - minus, 1),
  values: xs.map((x) => round(x - minus, 1)),
});

const perRequest = (samples: readonly TreeSample[], micros: (s: TreeSample) => number) =>
  samples.reduce((n, s) => n + micros(s), 0) / samples.reduce((n, s) => n + s.requests, 0);

/** Runs the forwarding rows: every tree up at once, measured in interleaved rounds. */
export async function runForwardingBench(
  options: ForwardingBenchOptions = DEFAULT_FORWARDING_OPTIONS,
  log: (line: string) => void = () => {},
): Promise<ForwardingResult> {
  // Tree p of every variant, then tree p + 1: replicas are spread over each round.
  const order = Array.from({ length: options.processes }, () => FORWARDING_VARIANTS).flat();
  const trees = await startTrees(order.map((v) => v.spec));
  let measured: TreeMeasures;
  try {
    measured = await measureTrees(trees, options, log, 'forwarding');
  } finally {
    await Promise.all(trees.map((t) => t.stop()));
  }
  const { samples } = measured;
  const of = (key: ForwardingVariantKey) =>
    order.flatMap((v, i) => (v.key === key ? [samples[i] ?? []] : []));
  const total = (xs: readonly number[], key: ForwardingVariantKey) =>
    xs.reduce((n, x, i) => n + (order[i]?.key === key ? x : 0), 0);
  const server = (key: ForwardingVariantKey) =>
    of(key).map((s) => perRequest(s, (x) => x.workerMicros[0] ?? x.primaryMicros));
  const primary = (key: ForwardingVariantKey) =>
    of(key).map((s) => perRequest(s, (x) => x.primaryMicros));
  const plain = median(server('plain'));
  const variants = {} as Record<ForwardingVariantKey, ForwardingVariantResult>;
  for (const v of FORWARDING_VARIANTS) {
    variants[v.key] = {
      label: v.label,
      server_cpu_us_per_request: spread(server(v.key)),
      server_cpu_us_over_plain: spread(server(v.key), plain),
      ...(v.spec.workers > 0 ? { primary_cpu_us_per_request: spread(primary(v.key)) } : {}),
      rps: Math.round(median(of(v.key).flatMap((s) => s.map((x) => x.rps)))),
      ...(v.spec.goldenSignals
        ? {
            counted: {
              dashboard: total(measured.counted, v.key),
              client: total(measured.sent, v.key),
            },
          }
        : {}),
    };
  }
  const mid = (key: ForwardingVariantKey) => variants[key].server_cpu_us_per_request.median;
  return {
    options: { route: `GET ${ROUTE}`, ...options },
    variants,
    forwarding_over_in_process_us: round(mid('forwarding') - mid('in_process'), 1),
    forwarding_over_plain_cluster_us: round(mid('forwarding') - mid('plain_cluster'), 1),
    receiver_over_plain_primary_us: round(
      median(primary('forwarding')) - median(primary('plain_cluster')),
      1,
    ),
  };
}
