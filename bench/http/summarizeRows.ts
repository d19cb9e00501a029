/**
 * From the measured runs of every process (processRounds.ts) to the figures
 * of each row: pure, so test/bench checks them on made-up samples.
 *
 * The lead figure is server CPU µs per request: each process's CPU time over
 * its measured runs divided by the requests of those runs; per variant the
 * median over its processes, minus the baseline's (the first variant, the
 * plain app) median, with the lowest and highest process beside it.
 * Throughput is reported too, but the load generator shares the machine, so
 * req/s is the noisier figure.
 */
import { median, quantile, round } from '../support/measure.js';
import { pairedOverBaseline } from './pairedOverBaseline.js';
import type { ProcessSamples, Sample } from './processRounds.js';

/** One row's figures: the keys of bench/results.json's `http.variants.*` and `http_frameworks.*.variants.*`. */
export interface RowResult {
  readonly label: string;
  /** Median over processes of server CPU µs/request, minus the baseline's median. */
  readonly cpu_us_over_plain: number;
  /** Lowest and highest process of this variant, minus the baseline's median. */
  readonly cpu_us_over_plain_min: number;
  readonly cpu_us_over_plain_max: number;
  /** Median over processes of server CPU µs/request. */
  readonly cpu_us_per_request: number;
  /** Each process's CPU time over all its runs divided by the requests of those runs. */
  readonly cpu_us_per_request_processes: number[];
  /** Median req/s over every run of every process. */
  readonly rps: number;
  /** Per measured round, the mean req/s of this variant's processes. */
  readonly rps_runs: number[];
  /** Median over rounds of this variant's mean req/s divided by the baseline's, same round. */
  readonly ratio_vs_plain: number;
  readonly ratio_runs_vs_plain: number[];
  /** Requests the dashboard store recorded, against requests the servers received (all processes). */
  readonly recorded?: { readonly recorded: number; readonly received: number };
}

/** A 1 ms route's row: the CPU figures, and the client's latency. */
export interface LatencyRowResult extends RowResult {
  /** cpu_us_over_plain as a percentage of the baseline's CPU µs/request (whole-run medians: noisy, see pairedOverBaseline.ts). */
  readonly cpu_over_plain_pct: number;
  /** The lead figure: CPU over the baseline's in %, median over (round, process) pairs run side by side. */
  readonly cpu_over_plain_pct_paired: number;
  /** Lower and upper quartile of the pairs' percentages. */
  readonly cpu_over_plain_pct_paired_p25: number;
  readonly cpu_over_plain_pct_paired_p75: number;
  /** Median over the same pairs of the CPU µs/request difference. */
  readonly cpu_us_over_plain_paired: number;
  /** How many pairs. */
  readonly paired_runs: number;
  /** Median over processes of each process's median latency (all its measured requests). */
  readonly latency_ms_p50: number;
  readonly latency_ms_p50_processes: number[];
  /** Median over processes of each process's 99th-percentile latency. */
  readonly latency_ms_p99: number;
  /** Median over processes of each process's mean latency. */
  readonly latency_ms_mean: number;
  /** latency_ms_p50 over the baseline's, as a percentage of the baseline's. */
  readonly latency_over_plain_pct_p50: number;
  /** latency_ms_mean over the baseline's, as a percentage of the baseline's. */
  readonly latency_over_plain_pct_mean: number;
}

export { quantile };

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const cpuPerRequest = (p: ProcessSamples) =>
  sum(p.samples.map((s) => s.cpuMicros)) / sum(p.samples.map((s) => s.requests));

/**
 * The rows of `variants` from the samples of their processes; the first
 * variant is the baseline the others are compared with.
 */
export function summarizeRows<K extends string>(
  variants: readonly { readonly key: K; readonly label: string }[],
  processes: readonly ProcessSamples<K>[],
  rounds: number,
): Record<K, RowResult> {
  const of = (key: K) => processes.filter((p) => p.key === key);
  /** The mean req/s of a variant's processes in each round. */
  const roundRps = (key: K) =>
    Array.from({ length: rounds }, (_, r) => {
      const runs = of(key).flatMap((p) => p.samples.filter((s) => s.round === r));
      return sum(runs.map((s) => s.rps)) / runs.length;
    });
  const baseline = variants[0]?.key;
  if (baseline === undefined) throw new RangeError('summarizeRows needs at least one variant');
  const plainCpu = median(of(baseline).map(cpuPerRequest));
  const plainRounds = roundRps(baseline);
  const out = {} as Record<K, RowResult>;
  for (const v of variants) {
    const cpu = of(v.key).map(cpuPerRequest);
    const rpsRuns = roundRps(v.key);
    const ratios = rpsRuns.map((x, r) => x / (plainRounds[r] ?? Number.NaN));
    const recorded = of(v.key).map((p) => p.final.recorded);
    out[v.key] = {
      label: v.label,
      cpu_us_over_plain: round(median(cpu) - plainCpu, 1),
      cpu_us_over_plain_min: round(Math.min(...cpu) - plainCpu, 1),
      cpu_us_over_plain_max: round(Math.max(...cpu) - plainCpu, 1),
      cpu_us_per_request: round(median(cpu), 1),
      cpu_us_per_request_processes: cpu.map((c) => round(c, 1)),
      rps: Math.round(median(of(v.key).flatMap((p) => p.samples.map((s) => s.rps)))),
      rps_runs: rpsRuns.map((x) => Math.round(x)),
      ratio_vs_plain: round(median(ratios), 3),
      ratio_runs_vs_plain: ratios.map((x) => round(x, 3)),
      ...(recorded.every((n) => n >= 0)
        ? {
            recorded: {
              recorded: sum(recorded),
              received: sum(of(v.key).map((p) => p.final.received)),
            },
          }
        : {}),
    };
  }
  return out;
}

/** Every measured request's latency of one process. */
const latencies = (p: ProcessSamples): number[] =>
  p.samples.flatMap((s: Sample) => s.latenciesMs ?? []);

const pct = (over: number, base: number) => round((over / base) * 100, 1);

/** summarizeRows, plus the client's latency of each row (its samples must carry latenciesMs). */
export function summarizeLatencyRows<K extends string>(
  variants: readonly { readonly key: K; readonly label: string }[],
  processes: readonly ProcessSamples<K>[],
  rounds: number,
): Record<K, LatencyRowResult> {
  const rows = summarizeRows(variants, processes, rounds);
  const of = (key: K) => processes.filter((p) => p.key === key).map(latencies);
  const stat = (key: K, f: (ms: number[]) => number) => of(key).map(f);
  const baseline = variants[0]?.key as K;
  const plainCpu = rows[baseline].cpu_us_per_request;
  const plainP50 = median(stat(baseline, (ms) => quantile(ms, 0.5)));
  const plainMean = median(stat(baseline, (ms) => sum(ms) / ms.length));
  const out = {} as Record<K, LatencyRowResult>;
  for (const v of variants) {
    const row = rows[v.key];
    const p50 = stat(v.key, (ms) => quantile(ms, 0.5));
    const mean = median(stat(v.key, (ms) => sum(ms) / ms.length));
    const paired = pairedOverBaseline(processes, v.key, baseline);
    out[v.key] = {
      ...row,
      cpu_over_plain_pct: pct(row.cpu_us_per_request - plainCpu, plainCpu),
      cpu_over_plain_pct_paired: round(paired.pct, 1),
      cpu_over_plain_pct_paired_p25: round(paired.pctP25, 1),
      cpu_over_plain_pct_paired_p75: round(paired.pctP75, 1),
      cpu_us_over_plain_paired: round(paired.us, 1),
      paired_runs: paired.pairs,
      latency_ms_p50: round(median(p50), 3),
      latency_ms_p50_processes: p50.map((x) => round(x, 3)),
      latency_ms_p99: round(median(stat(v.key, (ms) => quantile(ms, 0.99))), 3),
      latency_ms_mean: round(mean, 3),
      latency_over_plain_pct_p50: pct(median(p50) - plainP50, plainP50),
      latency_over_plain_pct_mean: pct(mean - plainMean, plainMean),
    };
  }
  return out;
}
