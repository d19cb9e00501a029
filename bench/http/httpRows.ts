/**
 * The Koa HTTP rows of `npm run bench` (the trivial route, then the
 * realistic 1 ms routes in the same processes), with when and how loaded
 * the machine was, and their printed tables: what bench/run.ts and
 * bench/http/run.ts share.
 */
import { type Machine, machineLine } from '../support/machine.js';
import { timed } from '../support/timedSection.js';
import {
  DEFAULT_HTTP_OPTIONS,
  DEFAULT_REALISTIC_OPTIONS,
  httpSection,
  QUICK_HTTP_OPTIONS,
  QUICK_REALISTIC_OPTIONS,
  type RealisticRouteResult,
  runHttpBench,
} from './httpBench.js';
import type { RoundsOptions } from './processRounds.js';
import type { RealisticRouteKey } from './realisticRoutes.js';
import { latencyTable, roundsPhrase, rowsTable } from './rowsTable.js';
import type { LatencyRowResult } from './summarizeRows.js';

/** The rows' keys in bench/results.json, and their printed tables. */
export interface HttpRows {
  readonly http: ReturnType<typeof httpSection>;
  readonly http_realistic: {
    readonly options: RoundsOptions;
  } & Record<RealisticRouteKey, RealisticRouteResult>;
  readonly table: string;
}

/** Runs the Koa rows (quick: short runs, rough figures) on `machine`. */
export async function runHttpRows(
  quick: boolean,
  machine: Machine,
  log: (line: string) => void,
): Promise<HttpRows> {
  const options = quick ? QUICK_HTTP_OPTIONS : DEFAULT_HTTP_OPTIONS;
  const realisticOptions = quick ? QUICK_REALISTIC_OPTIONS : DEFAULT_REALISTIC_OPTIONS;
  const measured = await timed(() => runHttpBench(options, realisticOptions, log));
  const { run } = measured;
  const table = [
    rowsTable(
      `Koa \`GET /items/:id\`, ${options.processes} processes per row, ${roundsPhrase(options)}, ${options.connections} connections`,
      Object.values(measured.variants),
    ),
    ...Object.values(measured.realistic).map((route) =>
      latencyTable(
        `Koa \`GET ${route.path}\`, ${route.label}: ${route.rate} req/s paced over ${realisticOptions.connections} connections, ${options.processes} processes per row, ${roundsPhrase(realisticOptions)}`,
        Object.values(route.variants).filter((v): v is LatencyRowResult => v !== undefined),
      ),
    ),
    `HTTP rows: ${machineLine(machine, run.load_average_at_start, run.load_average_at_end)}; ${run.seconds} s`,
  ].join('\n\n');
  return {
    http: httpSection(measured.variants, options, run),
    http_realistic: {
      options: { processes: options.processes, ...realisticOptions },
      ...measured.realistic,
    },
    table,
  };
}
