import type { PromQlClient, RawSeries } from '../promql/PromQlClient.js';
import { type AggregateRecord, AggregateStore } from '../store/AggregateStore.js';
import type { SourceFilter } from '../store/SourceFilter.js';
import { aggregatesOf, DURATION_METRIC } from './aggregatesOf.js';
import { boundarySamples } from './boundarySamples.js';
import { countsOnly, dealAggregates, processKeyOf, shareDurations } from './dealAggregates.js';
import { fillBoundaries, fillGridMs, windowStartOf } from './fillBoundaries.js';
import { matchersOfSources, processSums, seriesAtEdges } from './processReads.js';
import { type SourceLabels, sourceMatchers } from './requestLabels.js';
import { spreadDurations } from './spreadDurations.js';
import type { DurationsRead, EngineWindows } from './windowsOfRoute.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** How long a filled window answers again (one page refresh asks several routes of the same window). */
export const DEFAULT_ENGINE_CACHE_MS = 5_000;
/** Most filled windows held at once; the oldest goes first. */
export const ENGINE_CACHE_LIMIT = 16;
/**
 * Raw samples read before a window's start: a series whose first sample is
 * later counts from zero (it was born in the window), so this must span a
 * few scrape intervals: 5 minutes, Prometheus's staleness.
 */
export const DEFAULT_LOOKBACK_MS = 5 * MINUTE_MS;
/** Series kept apart per service in a filled window: an engine holds a fleet's routes. */
export const ENGINE_SERIES_LIMIT = 50_000;
/** Instances kept apart per service in a filled window. */
export const ENGINE_INSTANCE_LIMIT = 1_024;
/** Services kept apart in a filled window. */
export const ENGINE_SERVICE_LIMIT = 256;

/** What a {@link EngineStoreLoader} reads with. */
export interface EngineStoreLoaderOptions {
  readonly client: PromQlClient;
  /** The labels that name a service and an instance besides our own. */
  readonly labels: SourceLabels;
  /** Clock in epoch milliseconds. */
  readonly now?: () => number;
  readonly cacheMs?: number;
  readonly lookbackMs?: number;
}

/** The ways durations are read, finest first: a fill answers the questions of any read after its own. */
const DURATIONS_READS: readonly DurationsRead[] = ['steps', 'chart', 'windows', 'overall', 'none'];

interface Held {
  readonly atMs: number;
  readonly store: Promise<AggregateStore>;
}

/**
 * Reads a window of the request duration histogram from the engine (raw
 * samples, one question per way a filtered source can be named) and fills an
 * {@link AggregateStore} with it, clocked at the time asked, for the pure
 * queries to answer from. The same window and filter asked again within a
 * few seconds is answered from the same fill (also while it is loading); a
 * failed load is not kept.
 */
export class EngineStoreLoader {
  private readonly held = new Map<string, Held>();
  private readonly now: () => number;
  private readonly cacheMs: number;
  private readonly lookbackMs: number;

  constructor(private readonly options: EngineStoreLoaderOptions) {
    this.now = options.now ?? Date.now;
    this.cacheMs = options.cacheMs ?? DEFAULT_ENGINE_CACHE_MS;
    this.lookbackMs = options.lookbackMs ?? DEFAULT_LOOKBACK_MS;
  }

  /** The store of `windows` ending now, of the sources `filter` names. */
  load(windows: EngineWindows, filter: SourceFilter): Promise<AggregateStore> {
    const nowMs = this.now();
    const durations = windows.durations ?? 'steps';
    const keyOf = (read: DurationsRead) =>
      JSON.stringify([
        [...new Set(windows.windowsMs)].sort((a, b) => a - b),
        fillGridMs(windows.chartMs),
        filter.service ?? null,
        filter.instance ?? null,
        read,
      ]);
    // A finer read answers a coarser question as well (one page refresh asks several).
    for (const read of DURATIONS_READS.slice(0, DURATIONS_READS.indexOf(durations) + 1)) {
      const held = this.held.get(keyOf(read));
      if (held !== undefined && nowMs - held.atMs < this.cacheMs && nowMs >= held.atMs) {
        return held.store;
      }
    }
    const key = keyOf(durations);
    for (const [k, h] of this.held) if (nowMs - h.atMs >= this.cacheMs) this.held.delete(k);
    while (this.held.size >= ENGINE_CACHE_LIMIT) {
      const oldest = this.held.keys().next().value;
      if (oldest === undefined) break;
      this.held.delete(oldest);
    }
    const store = this.fill(windows, filter, nowMs, durations);
    this.held.set(key, { atMs: nowMs, store });
    store.catch(() => {
      if (this.held.get(key)?.store === store) this.held.delete(key);
    });
    return store;
  }

  private async fill(
    windows: EngineWindows,
    filter: SourceFilter,
    nowMs: number,
    durations: DurationsRead,
  ): Promise<AggregateStore> {
    const gridMs = fillGridMs(windows.chartMs);
    const boundaries = fillBoundaries(nowMs, windows.windowsMs, gridMs);
    const first = boundaries[0] ?? nowMs;
    const records = await this.records(filter, windows, boundaries, gridMs, durations);
    // Started at the window's start, so a comparison over it is complete.
    let clock = first - MINUTE_MS;
    const store = new AggregateStore({
      now: () => clock,
      retentionMs: Math.ceil((nowMs - first + 2 * HOUR_MS) / HOUR_MS) * HOUR_MS,
      // An identity no engine series has: nothing is this process's.
      service: '',
      instance: '',
      seriesLimit: ENGINE_SERIES_LIMIT,
      instanceLimit: ENGINE_INSTANCE_LIMIT,
      serviceLimit: ENGINE_SERVICE_LIMIT,
    });
    clock = nowMs;
    for (const agg of records) store.recordAggregate(agg);
    return store;
  }

  /**
   * The aggregates of a fill. Per series and step (`steps`), every series
   * is read at every chunk boundary. Otherwise no answer charts a single
   * series, so the engine sums each process's series at the chunk
   * boundaries (a handful of series), every series is read at the windows'
   * edges alone, and {@link dealAggregates} deals the two together: every
   * series' requests per window and every process's per chunk stay exact,
   * at a fraction of the samples. Durations of the whole alone (`overall`)
   * are the engine's sums per process at the edges, shared out among its
   * series ({@link shareDurations}). A process that reset or stopped inside
   * the window is read as before, sample by sample where it reset.
   */
  private async records(
    filter: SourceFilter,
    windows: EngineWindows,
    boundaries: readonly number[],
    gridMs: number,
    durations: DurationsRead,
  ): Promise<AggregateRecord[]> {
    const { labels, client } = this.options;
    if (durations === 'steps')
      return this.seriesRecords(filter, windows, boundaries, gridMs, 'steps');
    const edges = edgesOf(windows, boundaries);
    const ways = sourceMatchers(filter, labels);
    const [sums, atEdges, whole] = await Promise.all([
      processSums(client, ways, labels, boundaries, gridMs, durations === 'chart'),
      seriesAtEdges(client, ways, labels, edges, durations === 'chart' || durations === 'windows'),
      // The whole's durations alone: each process's, summed by the engine, at the edges.
      durations === 'overall'
        ? processSums(client, ways, labels, edges, 0, true)
        : Promise.resolve(undefined),
    ]);
    const unsafe = new Map([...sums.unsafe, ...atEdges.unsafe, ...(whole?.unsafe ?? [])]);
    const safe = (a: AggregateRecord) => !unsafe.has(processKeyOf(a));
    const rows = aggregatesOf(atEdges.series, edges, labels).filter(safe);
    const cols = aggregatesOf(sums.series, boundaries, labels).filter(safe);
    let dealt: AggregateRecord[];
    if (durations === 'chart') dealt = dealAggregates(rows, cols, edges);
    else {
      dealt = dealAggregates(rows.map(countsOnly), cols.map(countsOnly), edges);
      if (durations === 'windows') dealt = spreadDurations(dealt, rows, edges);
      if (whole !== undefined) {
        const perProcess = aggregatesOf(whole.series, edges, labels).filter(safe);
        dealt = spreadDurations(dealt, shareDurations(rows, perProcess, edges), edges);
      }
    }
    if (unsafe.size === 0) return dealt;
    const unsafeRecords = await this.seriesRecords(
      filter,
      windows,
      boundaries,
      gridMs,
      durations === 'chart' ? 'steps' : durations === 'overall' ? 'windows' : durations,
      matchersOfSources(
        [...sums.series, ...atEdges.series, ...(whole?.series ?? [])],
        new Set(unsafe.keys()),
        labels,
      ),
    );
    return [...dealt, ...unsafeRecords];
  }

  /**
   * The aggregates of a fill read series by series (of the processes
   * `processes` names, when given). With durations per step, every series
   * per chunk. Over windows only, the counts per chunk (the counters alone)
   * and, apart, the durations per stretch between the windows' edges (every
   * series at those few times), dealt out to the stretch's chunks: each
   * window sums whole stretches, so its durations are what a read per chunk
   * would give, at a fraction of the questions. A reset the counts see is
   * read from the raw samples there too.
   */
  private async seriesRecords(
    filter: SourceFilter,
    windows: EngineWindows,
    boundaries: readonly number[],
    gridMs: number,
    durations: 'steps' | 'windows' | 'none',
    processes: readonly string[][] = [[]],
  ): Promise<AggregateRecord[]> {
    const { labels } = this.options;
    const ways = sourceMatchers(filter, labels).flatMap((w) => processes.map((p) => [...w, ...p]));
    if (durations !== 'windows') {
      const read = await this.read(ways, boundaries, gridMs, durations === 'steps', false);
      return aggregatesOf(read.series, boundaries, labels);
    }
    const edges = edgesOf(windows, boundaries);
    // No grid: the edges are read by instant queries alone.
    const [counted, timed] = await Promise.all([
      this.read(ways, boundaries, gridMs, false, false),
      this.read(ways, edges, 0, true, false),
    ]);
    const durationsRead =
      counted.reset && !timed.reset ? await this.read(ways, edges, 0, true, true) : timed;
    return spreadDurations(
      aggregatesOf(counted.series, boundaries, labels),
      aggregatesOf(durationsRead.series, edges, labels),
      edges,
    );
  }

  /**
   * The histogram's series that `ways` select, one question set per way:
   * their values at the chunk boundaries, or, when one of them reset inside
   * the window (or when `raw`), every raw sample (which sees where);
   * `reset` says whether any did. Without `durations`, the counts only: a
   * native histogram's series and a classic one's `_count`, none of its
   * `_bucket` series.
   */
  private async read(
    ways: readonly string[][],
    boundaries: readonly number[],
    gridMs: number,
    durations: boolean,
    raw: boolean,
  ): Promise<{ series: RawSeries[]; reset: boolean }> {
    const name = `__name__=~"${DURATION_METRIC}${durations ? '(_count|_sum|_bucket)?' : '(_count)?'}"`;
    const selectors = ways.map((m) => `{${[name, ...m].join(',')}}`);
    const { client } = this.options;
    const nowMs = boundaries[boundaries.length - 1] as number;
    // Whole seconds: the API's range takes a duration such as `3900s`.
    const rangeMs = Math.ceil((nowMs - (boundaries[0] as number) + this.lookbackMs) / 1000) * 1000;
    const answers = await Promise.all(
      selectors.map(async (s) => {
        if (raw) return { series: await client.rawSamples(s, nowMs, rangeMs), reset: true };
        const sampled = await boundarySamples(client, s, boundaries, gridMs);
        return sampled.reset
          ? { series: await client.rawSamples(s, nowMs, rangeMs), reset: true }
          : sampled;
      }),
    );
    return { series: answers.flatMap((a) => a.series), reset: answers.some((a) => a.reset) };
  }
}

/** The stretch edges of a fill: its first boundary, each window's start, and now. */
function edgesOf(windows: EngineWindows, boundaries: readonly number[]): number[] {
  const nowMs = boundaries[boundaries.length - 1] as number;
  const starts = new Set(windows.windowsMs.map((w) => windowStartOf(nowMs, w)));
  return boundaries.filter((b, i) => i === 0 || b === nowMs || starts.has(b));
}
