/**
 * The printed Markdown tables of the multi-process HTTP rows
 * (summarizeRows.ts): server CPU µs per request over plain first, with its
 * min–max over processes, then throughput; for the realistic 1 ms routes,
 * the overhead as a share of the request's CPU and of its latency.
 */
import type { LatencyRowResult, RowResult } from './summarizeRows.js';

/** A signed figure: +1.5, 0.0, −2.0. */
export const signed = (n: number, digits = 1): string =>
  n > 0 ? `+${n.toFixed(digits)}` : n === 0 ? (0).toFixed(digits) : `−${(-n).toFixed(digits)}`;

/** "6 rounds × 2 s after a warm-up round" */
export const roundsPhrase = (o: { readonly rounds: number; readonly seconds: number }): string =>
  `${o.rounds} round${o.rounds === 1 ? '' : 's'} × ${o.seconds} s after a warm-up round`;

const spread = (row: RowResult) =>
  `${signed(row.cpu_us_over_plain)} (${signed(row.cpu_us_over_plain_min)} – ${signed(row.cpu_us_over_plain_max)})`;

/** One table of rows; `caption` heads the first column (route, processes, rounds). */
export function rowsTable(caption: string, rows: readonly RowResult[]): string {
  return [
    `| ${caption} | server CPU µs/request over plain: median (min – max over processes) | server CPU µs/request | req/s (median) | req/s ÷ plain (median over rounds) |`,
    '|---|---|---|---|---|',
    ...rows.map(
      (v) =>
        `| ${v.label} | ${spread(v)} | ${v.cpu_us_per_request.toFixed(1)} | ${v.rps.toLocaleString('en-US')} | ${v.ratio_vs_plain}× |`,
    ),
  ].join('\n');
}

/** One table of a realistic route's rows: what the overhead is as a share of the request. */
export function latencyTable(caption: string, rows: readonly LatencyRowResult[]): string {
  const pct = (n: number) => `${signed(n)}%`;
  return [
    `| ${caption} | server CPU over plain, paired runs: median (quartiles) | server CPU µs/request over plain: median (min – max) | as % of plain's CPU/request (whole-run medians) | latency p50, ms (÷ plain) | mean latency over plain | latency p99, ms | server CPU µs/request |`,
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (v) =>
        `| ${v.label} | ${pct(v.cpu_over_plain_pct_paired)} (${pct(v.cpu_over_plain_pct_paired_p25)} – ${pct(v.cpu_over_plain_pct_paired_p75)}) | ${spread(v)} | ${pct(v.cpu_over_plain_pct)} | ${v.latency_ms_p50.toFixed(3)} (${pct(v.latency_over_plain_pct_p50)}) | ${pct(v.latency_over_plain_pct_mean)} | ${v.latency_ms_p99.toFixed(3)} | ${v.cpu_us_per_request.toFixed(1)} |`,
    ),
  ].join('\n');
}
