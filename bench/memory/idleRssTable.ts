/** The idle memory row as a printed table. */
import type { IdleReading, IdleRssResult, Spread } from './idleRss.js';

const cell = (s: Spread) => `${s.median} (${s.min}–${s.max})`;
const signedCell = (s: Spread) => `${s.median >= 0 ? '+' : ''}${s.median} (${s.min}–${s.max})`;

/** The figures of one reading, one line each: plain, ours and ours over plain. */
function readingLines(title: string, r: IdleReading): string[] {
  const figures = [
    ['RSS', 'rss'],
    ['  anonymous', 'rss_anon'],
    ['  file-backed', 'rss_file'],
    ['heap total', 'heap_total'],
    ['heap used', 'heap_used'],
    ['external', 'external'],
    ['array buffers', 'array_buffers'],
    ['code', 'code'],
    ['bytecode', 'bytecode'],
    ['threads', 'threads'],
  ] as const;
  const { baseline, baseline_over_plain: baselineOver } = r;
  const withBaseline = baseline !== undefined && baselineOver !== undefined;
  return [
    title,
    `| Figure (MB) | Plain | Ours | Ours over plain | Ours, Koa installed | Over plain |${withBaseline ? ' Baseline | Baseline over plain |' : ''}`,
    `|---|---|---|---|---|---|${withBaseline ? '---|---|' : ''}`,
    ...figures.map(
      ([label, key]) =>
        `| ${label} | ${cell(r.plain[key])} | ${cell(r.ours[key])} | ${signedCell(r.over_plain[key])} | ${cell(r.ours_esm_hooks[key])} | ${signedCell(r.ours_esm_hooks_over_plain[key])} |${
          withBaseline ? ` ${cell(baseline[key])} | ${signedCell(baselineOver[key])} |` : ''
        }`,
    ),
  ];
}

/** The row's tables: median (min–max) of the processes, at both readings. */
export function idleRssTable(result: IdleRssResult): string {
  return [
    `Idle memory of ${result.app}, ${result.processes_per_variant} processes per variant, ${result.requests} requests each`,
    '',
    ...readingLines(
      `Settled, ${result.settled.after_ms / 1000} s after the last request:`,
      result.settled,
    ),
    '',
    ...readingLines(`Idle, ${result.idle.after_ms / 1000} s after the last request:`, result.idle),
  ].join('\n');
}
