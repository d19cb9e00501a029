import type { PromQlClient, RawSeries } from '../promql/PromQlClient.js';
import { DURATION_METRIC } from './aggregatesOf.js';
import { boundarySamples } from './boundarySamples.js';
import { processKeyOf } from './dealAggregates.js';
import { quote, requestLabelsOf, type SourceLabels } from './requestLabels.js';

/**
 * The labels that set one process's series apart from another's: our own
 * (a cluster's primary and `serve` label every instance they expose), then
 * the scrape's. A restart resets, and a stop ends, all of a process's series
 * at once.
 */
export function processLabels(names: SourceLabels): string[] {
  return [
    ...new Set(['service_name', 'service_instance_id', names.serviceLabel, names.instanceLabel]),
  ];
}

/** What the cheap reads of a window give: series, and the processes they cannot stand for. */
export interface ProcessRead {
  readonly series: RawSeries[];
  /**
   * The processes (by {@link processKeyOf}) whose series reset or stopped
   * inside the window: their values at the read times miss requests, so
   * they are read sample by sample. Each maps to the matchers that select
   * its series alone.
   */
  readonly unsafe: Map<string, string[]>;
}

/** The parts of the duration histogram a read asks: native, and the classic count (and, with durations, sum and buckets). */
function partsOf(durations: boolean): string[] {
  return durations ? ['', '_count', '_sum', '_bucket'] : ['', '_count'];
}

/**
 * The duration histogram's parts that `ways` select, summed by the engine
 * by `by` (and `le` for classic buckets) at each of `times` (on `gridMs`'s
 * grid by one subquery, the others by instant queries), each answer named
 * as the part it sums (a sum has no name), so the same exact increments
 * read them; with the processes that reset or stopped among them.
 */
async function summedParts(
  client: PromQlClient,
  ways: readonly string[][],
  names: SourceLabels,
  by: readonly string[],
  times: readonly number[],
  gridMs: number,
  durations: boolean,
): Promise<ProcessRead> {
  const reads = ways.flatMap((way) =>
    partsOf(durations).map(async (part) => {
      const name = `${DURATION_METRIC}${part}`;
      const grouping = part === '_bucket' ? [...by, 'le'] : by;
      const read = await boundarySamples(
        client,
        `{${[`__name__=${quote(name)}`, ...way].join(',')}}`,
        times,
        gridMs,
        (s) => `sum by (${grouping.join(',')}) (${s})`,
      );
      return read.series.map((s) => ({ ...s, metric: { ...s.metric, __name__: name } }));
    }),
  );
  const series = (await Promise.all(reads)).flat();
  return { series, unsafe: unsafeProcesses(series, times, names) };
}

/**
 * Each process's requests summed by the engine, at every chunk boundary: one
 * series per process (per `le` for classic buckets). The engine sums
 * thousands of series per process; the answer is a handful.
 */
export function processSums(
  client: PromQlClient,
  ways: readonly string[][],
  names: SourceLabels,
  boundaries: readonly number[],
  gridMs: number,
  durations: boolean,
): Promise<ProcessRead> {
  return summedParts(client, ways, names, processLabels(names), boundaries, gridMs, durations);
}

/** The labels the store files a request under (see requestLabelsOf): the engine sums away the rest. */
const REQUEST_LABELS = [
  'http_route',
  'http_request_method',
  'http_response_status_code',
  'error_type',
  'otel_metric_overflow',
];

/**
 * Every series of the histogram that `ways` select, at each of `edges`
 * alone (the window starts and now): what each series served between two
 * edges, exactly, when its process neither reset nor stopped in between.
 * The engine sums away the labels the store does not file requests by
 * (the scope, the scheme, the protocol version), so the answer names each
 * series by the few it does: about half the bytes to send and parse.
 */
export function seriesAtEdges(
  client: PromQlClient,
  ways: readonly string[][],
  names: SourceLabels,
  edges: readonly number[],
  durations: boolean,
): Promise<ProcessRead> {
  const by = [...REQUEST_LABELS, ...processLabels(names)];
  return summedParts(client, ways, names, by, edges, 0, durations);
}

/**
 * The processes of `series` (values at `times`, ascending, the last now)
 * that reset (a value fell) or stopped (no value now after one before):
 * with the matchers that select each one's series.
 */
export function unsafeProcesses(
  series: readonly RawSeries[],
  times: readonly number[],
  names: SourceLabels,
): Map<string, string[]> {
  const nowMs = times[times.length - 1];
  const unsafe = new Map<string, string[]>();
  for (const s of series) {
    const values =
      s.histograms.length > 0
        ? s.histograms.map((h) => ({ t: h.t, v: h.count }))
        : s.samples.map((p) => ({ t: p.t, v: p.v }));
    let broken = values.length > 0 && values[values.length - 1]?.t !== nowMs;
    for (let i = 1; i < values.length && !broken; i++) {
      if ((values[i]?.v as number) < (values[i - 1]?.v as number)) broken = true;
    }
    if (!broken) continue;
    const key = processKeyOf(requestLabelsOf(s.metric, names));
    if (!unsafe.has(key)) unsafe.set(key, processMatchers(s.metric, names));
  }
  return unsafe;
}

/** The matchers that select the series of `metric`'s process alone. */
function processMatchers(metric: Readonly<Record<string, string>>, names: SourceLabels): string[] {
  return processLabels(names).map((l) => `${l}=${quote(metric[l] ?? '')}`);
}

/**
 * The matchers of every process among `series` that the store files under
 * one of `keys` (by {@link processKeyOf}): two label sets can name one
 * source (our own labels, or the scrape's), and a source read sample by
 * sample must be read whole.
 */
export function matchersOfSources(
  series: readonly RawSeries[],
  keys: ReadonlySet<string>,
  names: SourceLabels,
): string[][] {
  const out = new Map<string, string[]>();
  for (const s of series) {
    if (!keys.has(processKeyOf(requestLabelsOf(s.metric, names)))) continue;
    const matchers = processMatchers(s.metric, names);
    out.set(matchers.join(','), matchers);
  }
  return [...out.values()];
}
