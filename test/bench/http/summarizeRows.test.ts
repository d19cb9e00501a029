import { expect } from 'chai';
import type { ProcessSamples, Sample } from '../../../bench/http/processRounds.js';
import {
  quantile,
  summarizeLatencyRows,
  summarizeRows,
} from '../../../bench/http/summarizeRows.js';

const VARIANTS = [
  { key: 'plain', label: 'plain' },
  { key: 'ours', label: 'ours' },
] as const;
type Key = (typeof VARIANTS)[number]['key'];

/** A process whose every run takes `cpuPerRequest` µs for each of `requests` requests at `rps`. */
function proc(
  key: Key,
  cpuPerRequest: number,
  rps: readonly number[],
  recorded = -1,
  latenciesMs?: number[],
): ProcessSamples<Key> {
  const samples: Sample[] = rps.map((r, round) => ({
    round,
    rps: r,
    requests: 1000,
    cpuMicros: cpuPerRequest * 1000,
    ...(latenciesMs === undefined ? {} : { latenciesMs }),
  }));
  return { key, samples, final: { cpuMicros: 0, received: 1000 * rps.length, recorded } };
}

describe('summarizeRows', () => {
  describe('#summarizeRows', () => {
    const rows = summarizeRows(
      VARIANTS,
      [
        proc('plain', 40, [10_000, 20_000]),
        proc('plain', 50, [12_000, 22_000]),
        proc('plain', 46, [14_000, 18_000]),
        proc('ours', 70, [5_000, 10_000], 2000),
        proc('ours', 90, [6_000, 8_000], 2000),
        proc('ours', 76, [7_000, 12_000], 2000),
      ],
      2,
    );

    it("leads with the median process's CPU µs/request over the baseline's median, with min and max", () => {
      expect(rows.ours.cpu_us_per_request).to.equal(76);
      expect(rows.ours.cpu_us_per_request_processes).to.deep.equal([70, 90, 76]);
      expect(rows.ours.cpu_us_over_plain).to.equal(30);
      expect(rows.ours.cpu_us_over_plain_min).to.equal(24);
      expect(rows.ours.cpu_us_over_plain_max).to.equal(44);
      expect(rows.plain.cpu_us_over_plain).to.equal(0);
      expect(rows.plain.cpu_us_over_plain_min).to.equal(-6);
    });

    it('weighs a process by its requests: CPU time over all its runs ÷ their requests', () => {
      const p: ProcessSamples<Key> = {
        key: 'plain',
        samples: [
          { round: 0, rps: 1, requests: 100, cpuMicros: 10_000 },
          { round: 1, rps: 1, requests: 300, cpuMicros: 10_000 },
        ],
        final: { cpuMicros: 0, received: 400, recorded: -1 },
      };
      expect(summarizeRows(VARIANTS.slice(0, 1), [p], 2).plain.cpu_us_per_request).to.equal(50);
    });

    it("takes the ratio within each round, of the processes' mean req/s", () => {
      expect(rows.plain.rps_runs).to.deep.equal([12_000, 20_000]);
      expect(rows.ours.rps_runs).to.deep.equal([6_000, 10_000]);
      expect(rows.ours.ratio_runs_vs_plain).to.deep.equal([0.5, 0.5]);
      expect(rows.ours.ratio_vs_plain).to.equal(0.5);
      // The median of all six runs (the lower middle).
      expect(rows.ours.rps).to.equal(7_000);
    });

    it('sums what the dashboard recorded, only for variants that have one', () => {
      expect(rows.ours.recorded).to.deep.equal({ recorded: 6000, received: 6000 });
      expect(rows.plain).not.to.have.property('recorded');
    });

    it('throws without a baseline', () => {
      expect(() => summarizeRows([], [], 1)).to.throw(RangeError);
    });
  });

  describe('#summarizeLatencyRows', () => {
    const plainMs = Array.from({ length: 100 }, (_, i) => 1 + i / 1000);
    const oursMs = plainMs.map((ms) => ms * 1.1);
    const rows = summarizeLatencyRows(
      VARIANTS,
      [proc('plain', 200, [1000], -1, plainMs), proc('ours', 250, [1000], 1000, oursMs)],
      1,
    );

    it('gives the CPU overhead as a share of the baseline CPU per request', () => {
      expect(rows.ours.cpu_us_over_plain).to.equal(50);
      expect(rows.ours.cpu_over_plain_pct).to.equal(25);
      expect(rows.plain.cpu_over_plain_pct).to.equal(0);
    });

    it('leads with the overhead paired run by run (pairedOverBaseline)', () => {
      expect(rows.ours).to.include({
        cpu_over_plain_pct_paired: 25,
        cpu_over_plain_pct_paired_p25: 25,
        cpu_over_plain_pct_paired_p75: 25,
        cpu_us_over_plain_paired: 50,
        paired_runs: 1,
      });
      expect(rows.plain.cpu_over_plain_pct_paired).to.equal(0);
    });

    it("gives the client's latency and its overhead over the baseline's", () => {
      expect(rows.plain.latency_ms_p50).to.equal(1.049);
      expect(rows.plain.latency_ms_p99).to.equal(1.098);
      expect(rows.ours.latency_ms_p50_processes).to.deep.equal([1.154]);
      expect(rows.ours.latency_over_plain_pct_p50).to.equal(10);
      expect(rows.ours.latency_over_plain_pct_mean).to.equal(10);
    });
  });

  describe('#quantile', () => {
    it('takes the nearest rank', () => {
      const values = [5, 1, 4, 2, 3];
      expect(quantile(values, 0.5)).to.equal(3);
      expect(quantile(values, 0.99)).to.equal(5);
      expect(quantile(values, 0.2)).to.equal(1);
      expect(quantile([], 0.5)).to.be.NaN;
    });
  });
});
