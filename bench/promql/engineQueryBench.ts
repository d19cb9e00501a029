/**
 * The speed goal of issue 21: the PromQL-backed queries of
 * `golden-signals serve --prometheus` over 24 hours and 7 days of 500
 * routes × 5 instances, in the real engines. Prometheus 2.42 gets the data
 * backfilled (`promtool tsdb create-blocks-from openmetrics`, which takes
 * classic histograms only in 2.42); VictoriaMetrics through
 * `/api/v1/import/prometheus` with timestamps. Each query is timed through
 * `serve --prometheus`, as the page asks it, after warm-up runs, each run
 * once the backend's 5 s fill of the window has expired (so it asks the
 * engine), then again at once (answered from that fill).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_ENGINE_CACHE_MS } from '../../src/promqlSource/EngineStoreLoader.js';
import { startPromqlServe } from '../../test/support/childService.js';
import { PrometheusServer } from '../../test/support/PrometheusServer.js';
import { VictoriaMetricsServer } from '../../test/support/VictoriaMetricsServer.js';
import { round } from '../support/measure.js';
import { dataSize, dataWindows, type EngineDataOptions } from './engineData.js';

const run = promisify(execFile);

/** The queries timed, as the page asks them. */
export const ENGINE_QUERIES = ['requests', 'latency', 'errors', 'overview'] as const;
/** The periods timed. */
export const ENGINE_PERIODS = ['24h', '7d'] as const;
/** The goal of each query, in ms. */
export const ENGINE_QUERY_GOAL_MS = 500;

/** The bench's options. */
export interface EngineBenchOptions extends Omit<EngineDataOptions, 'endMs'> {
  /** Runs of each query thrown away first. */
  readonly warmups: number;
  /** Runs of each query timed. */
  readonly runs: number;
}

/** The full run's options. */
export const DEFAULT_ENGINE_OPTIONS: EngineBenchOptions = {
  routes: 500,
  instances: 5,
  days: 7,
  latestStepSeconds: 60,
  latestHours: 2,
  recentStepSeconds: 900,
  olderStepSeconds: 3600,
  aheadMinutes: 45,
  warmups: 1,
  runs: 5,
};

/** A quick run's: the same shape, less data. */
export const QUICK_ENGINE_OPTIONS: EngineBenchOptions = {
  ...DEFAULT_ENGINE_OPTIONS,
  routes: 50,
  runs: 3,
};

/**
 * How long each timed run waits first: past the backend's 5 s fill of a
 * window (which the page's other routes of one refresh share), so each run
 * asks the engine.
 */
const SPACING_MS = DEFAULT_ENGINE_CACHE_MS + 500;

/** One query's times through `serve --prometheus`, ms. */
export interface QueryTimes {
  /** Each run asking the engine (the backend's fill of the window expired). */
  readonly median_ms: number;
  readonly min_ms: number;
  readonly max_ms: number;
  /** The same query again at once, answered from the backend's fill (a page refresh's other routes). */
  readonly cached_median_ms: number;
  /** The answer's status: 200 unless the backend failed it. */
  readonly status: number;
}

/** One engine's figures. */
export interface EngineResult {
  readonly engine: string;
  /** Seconds to load the data (backfill and start, or import). */
  readonly load_seconds: number;
  readonly queries: Record<
    (typeof ENGINE_PERIODS)[number],
    Record<(typeof ENGINE_QUERIES)[number], QueryTimes>
  >;
}

/** The bench's figures. */
export interface EngineBenchResult {
  readonly options: EngineBenchOptions & { readonly series: number; readonly samples: number };
  readonly prometheus: EngineResult;
  readonly victoria_metrics: EngineResult;
}

/** Times each query over each period through a `serve --prometheus` on `engineUrl`. */
async function timeQueries(
  engine: string,
  engineUrl: string,
  options: EngineBenchOptions,
  log: (line: string) => void,
) {
  const serve = await startPromqlServe(engineUrl);
  try {
    const out = {} as EngineResult['queries'];
    for (const period of ENGINE_PERIODS) {
      out[period] = {} as EngineResult['queries'][typeof period];
      for (const query of ENGINE_QUERIES) {
        const url = `${serve.url}/dashboard/${query}?period=${period}`;
        const times: number[] = [];
        const cached: number[] = [];
        let status = 0;
        const once = async () => {
          const t = performance.now();
          const res = await fetch(url);
          await res.arrayBuffer();
          status = res.status;
          return performance.now() - t;
        };
        for (let i = 0; i < options.warmups + options.runs; i++) {
          await new Promise((resolve) => setTimeout(resolve, SPACING_MS));
          const cold = await once();
          const warm = await once();
          if (i >= options.warmups) {
            times.push(cold);
            cached.push(warm);
          }
        }
        times.sort((a, b) => a - b);
        cached.sort((a, b) => a - b);
        out[period][query] = {
          median_ms: round(times[Math.floor(times.length / 2)] as number, 1),
          min_ms: round(times[0] as number, 1),
          max_ms: round(times.at(-1) as number, 1),
          cached_median_ms: round(cached[Math.floor(cached.length / 2)] as number, 1),
          status,
        };
        log(`  ${engine} ${period} ${query}: ${out[period][query].median_ms} ms (${status})`);
      }
    }
    return out;
  } finally {
    await serve.stop();
  }
}

/** Backfills Prometheus' TSDB with promtool, one 2-hour file at a time, then starts it on that folder. */
export async function loadPrometheus(data: EngineDataOptions): Promise<PrometheusServer> {
  const dir = await mkdtemp(join(tmpdir(), 'golden-signals-bench-prometheus-'));
  const file = join(dir, 'window.om');
  try {
    for (const parts of dataWindows(data, 's')) {
      const handle = await open(file, 'w');
      try {
        for (const part of parts) await handle.write(part);
      } finally {
        await handle.close();
      }
      await run(
        'promtool',
        ['tsdb', 'create-blocks-from', 'openmetrics', file, join(dir, 'data')],
        {
          maxBuffer: 64 * 1024 * 1024,
        },
      );
    }
    await rm(file);
    return await PrometheusServer.start([], ['native-histograms'], {
      dataDir: dir,
      retention: '30d',
    });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Imports the data into VictoriaMetrics, one 2-hour window at a time. */
export async function loadVictoriaMetrics(data: EngineDataOptions): Promise<VictoriaMetricsServer> {
  const vm = await VictoriaMetricsServer.start();
  try {
    for (const parts of dataWindows(data, 'ms')) {
      for (const part of parts) await vm.importPrometheusText(part);
    }
    return vm;
  } catch (err) {
    await vm.stop();
    throw err;
  }
}

/** Loads the data into each engine in turn and times the backend's queries over it. */
export async function runEngineQueryBench(
  options: EngineBenchOptions,
  log: (line: string) => void,
): Promise<EngineBenchResult> {
  // Past the start of the run: each timed query, minutes later, must find every instance's last
  // scrape within the engine's lookback, as a live engine's do (else they read as stopped).
  const endMs = Math.floor(Date.now() / 60_000) * 60_000 + options.aheadMinutes * 60_000;
  const data: EngineDataOptions = { ...options, endMs };
  const size = dataSize(data);
  log(
    `  engine data: ${size.series.toLocaleString('en-US')} series, ${size.samples.toLocaleString('en-US')} samples`,
  );

  let t = performance.now();
  const prometheus = await loadPrometheus(data);
  const prometheusLoad = (performance.now() - t) / 1000;
  let prometheusQueries: EngineResult['queries'];
  try {
    prometheusQueries = await timeQueries('prometheus', prometheus.url, options, log);
  } finally {
    await prometheus.stop();
  }

  t = performance.now();
  const vm = await loadVictoriaMetrics(data);
  const vmLoad = (performance.now() - t) / 1000;
  let vmQueries: EngineResult['queries'];
  try {
    vmQueries = await timeQueries('victoria-metrics', vm.url, options, log);
  } finally {
    await vm.stop();
  }
  return {
    options: { ...options, ...size },
    prometheus: {
      engine: 'Prometheus 2.42 (promtool backfill, classic histograms)',
      load_seconds: round(prometheusLoad, 1),
      queries: prometheusQueries,
    },
    victoria_metrics: {
      engine: 'VictoriaMetrics 1.79 (/api/v1/import/prometheus)',
      load_seconds: round(vmLoad, 1),
      queries: vmQueries,
    },
  };
}
