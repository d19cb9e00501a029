/**
 * A variant's CPU per request over the baseline's, paired in time: the
 * paced 1 ms rows' lead figure (summarizeRows.ts summarizeLatencyRows).
 *
 * At 1,000 req/s a server sleeps between requests, so each request runs on
 * caches and branch predictors that whatever ran meanwhile (the load
 * generator, other processes on a shared machine) has cooled: a request's
 * CPU is 3–4× the saturated rows', and moves by a third from one second to
 * the next with the machine. Dividing whole-run medians, as the saturated
 * rows do, then compares a variant's good seconds with the baseline's bad
 * ones: two runs of the same code read +42% and +112%. Here each measured
 * run of process k of the variant is divided by the run of process k of
 * the baseline in the same round (processRounds.ts lists them side by side,
 * so they run a second or two apart), and the figure is the median of those
 * ratios, with their quartiles: what the machine does to both cancels.
 */
import { quantile } from '../support/measure.js';
import type { ProcessSamples, Sample } from './processRounds.js';

/** The paired figures of one variant against the baseline. */
export interface PairedOverBaseline {
  /** Median over pairs of (variant ÷ baseline CPU µs/request − 1), in percent. */
  readonly pct: number;
  /** Lower and upper quartile of those percentages. */
  readonly pctP25: number;
  readonly pctP75: number;
  /** Median over pairs of variant − baseline CPU µs/request. */
  readonly us: number;
  /** How many (round, process) pairs there were. */
  readonly pairs: number;
}

const perRequest = (s: Sample) => s.cpuMicros / s.requests;

/**
 * The paired figures of variant `key` over `baseline`: process k of each
 * (in the order `processes` lists them), round by round; NaN without pairs.
 */
export function pairedOverBaseline<K extends string>(
  processes: readonly ProcessSamples<K>[],
  key: K,
  baseline: K,
): PairedOverBaseline {
  const of = (k: K) => processes.filter((p) => p.key === k);
  const base = of(baseline);
  const pct: number[] = [];
  const us: number[] = [];
  of(key).forEach((p, k) => {
    for (const s of p.samples) {
      const b = base[k]?.samples.find((x) => x.round === s.round);
      if (b === undefined || b.requests === 0 || s.requests === 0) continue;
      pct.push((perRequest(s) / perRequest(b) - 1) * 100);
      us.push(perRequest(s) - perRequest(b));
    }
  });
  return {
    pct: quantile(pct, 0.5),
    pctP25: quantile(pct, 0.25),
    pctP75: quantile(pct, 0.75),
    us: quantile(us, 0.5),
    pairs: pct.length,
  };
}
