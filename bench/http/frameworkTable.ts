/**
 * The printed table of the per-framework rows (frameworkBench.ts), one
 * Markdown table per framework.
 */
import type { FrameworkBenchOptions, FrameworkResult } from './frameworkBench.js';

const signed = (n: number) => (n > 0 ? `+${n.toFixed(1)}` : n === 0 ? '0.0' : n.toFixed(1));

/** The tables of every framework's rows, CPU over plain first. */
export function frameworkTable(
  results: Readonly<Record<string, FrameworkResult>>,
  options: FrameworkBenchOptions,
): string {
  const lines: string[] = [];
  for (const framework of Object.values(results)) {
    lines.push(
      '',
      `| ${framework.label}: \`GET /items/:id\`, ${options.processes} processes per row, ${options.rounds} rounds × ${options.seconds} s, ${options.connections} connections | server CPU µs/request over plain: median (min – max over processes) | server CPU µs/request | req/s (median) | req/s ÷ plain (median over rounds) |`,
      '|---|---|---|---|---|',
    );
    for (const v of Object.values(framework.variants)) {
      if (v === undefined) continue;
      lines.push(
        `| ${v.label} | ${signed(v.cpu_us_over_plain)} (${signed(v.cpu_us_over_plain_min)} – ${signed(v.cpu_us_over_plain_max)}) | ${v.cpu_us_per_request.toFixed(1)} | ${v.rps.toLocaleString('en-US')} | ${v.ratio_vs_plain}× |`,
      );
    }
  }
  return lines.join('\n');
}
