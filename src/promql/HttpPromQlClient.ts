import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { ConfigError } from '../configValues.js';
import { askEngine, type EngineTarget } from './askEngine.js';
import { dataOfAnswer } from './dataOfAnswer.js';
import type { PrometheusEngineSettings } from './PrometheusEngineSettings.js';
import type { InstantSeries, PromQlClient, RangeSeries, RawSeries } from './PromQlClient.js';
import { exemplarTraceIdsOf, labelSetsOf, matrixOf, vectorOf } from './promQlResults.js';

/** Keep-alive sockets held open toward the engine, at most; queries beyond wait for one. */
export const MAX_ENGINE_SOCKETS = 16;

/** Epoch milliseconds as the API's seconds, to the millisecond. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function authorization(settings: PrometheusEngineSettings): Record<string, string> {
  const { auth } = settings;
  if (auth.kind === 'bearer') return { authorization: `Bearer ${auth.token.reveal()}` };
  if (auth.kind === 'basic') {
    const pair = `${auth.username}:${auth.password.reveal()}`;
    return { authorization: `Basic ${Buffer.from(pair).toString('base64')}` };
  }
  return {};
}

function agentOf(settings: PrometheusEngineSettings): http.Agent {
  const common = { keepAlive: true, maxSockets: MAX_ENGINE_SOCKETS, maxFreeSockets: 4 };
  if (!settings.url.startsWith('https:')) return new http.Agent(common);
  let ca: string[] | undefined;
  if (settings.caFile !== undefined) {
    try {
      // The file adds to the system's CAs: `ca` alone would replace them.
      ca = [...rootCertificates, readFileSync(settings.caFile, 'utf8')];
    } catch (err) {
      throw new ConfigError(
        `GOLDEN_SIGNALS_PROMETHEUS_CA_FILE cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}): ${settings.caFile}`,
      );
    }
  }
  return new https.Agent({
    ...common,
    ...(ca === undefined ? {} : { ca }),
    rejectUnauthorized: !settings.tlsInsecure,
  });
}

function checkTime(name: string, ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a finite time in ms, got: ${ms}`);
}

/**
 * The engine's HTTP API over node:http/https: keep-alive, bounded in time
 * (connect to last byte) and size, GET for short questions and a POST form
 * for long ones, gzip accepted. Reading the CA file happens once, here.
 * Each question rejects with an `EngineError` only; a non-finite time or
 * a step that is not positive (a caller's bug) rejects with a RangeError.
 * @throws ConfigError when `GOLDEN_SIGNALS_PROMETHEUS_CA_FILE` cannot be read.
 */
export class HttpPromQlClient implements PromQlClient {
  private readonly target: EngineTarget;

  constructor(settings: PrometheusEngineSettings) {
    this.target = Object.freeze({
      url: settings.url,
      agent: agentOf(settings),
      headers: () => authorization(settings),
      timeoutMs: settings.timeoutMs,
      maxResponseBytes: settings.maxResponseBytes,
    });
  }

  /** The engine's base URL (it holds no credentials). */
  get url(): string {
    return this.target.url;
  }

  private async data(path: string, params: URLSearchParams): Promise<unknown> {
    return dataOfAnswer(await askEngine(this.target, path, params), this.target.url);
  }

  async rawSamples(selector: string, atMs: number, rangeMs: number): Promise<RawSeries[]> {
    checkTime('atMs', atMs);
    if (!(Number.isSafeInteger(rangeMs) && rangeMs > 0)) {
      throw new RangeError(`rangeMs must be a positive integer, got: ${rangeMs}`);
    }
    const params = new URLSearchParams({ query: `${selector}[${rangeMs}ms]`, time: seconds(atMs) });
    const series = matrixOf(await this.data('/api/v1/query', params), this.target.url);
    // Prometheus before 3.0 includes a sample exactly at the range's start: keep (from, to] only.
    const from = atMs - rangeMs;
    return series.map((s) => ({
      metric: s.metric,
      samples: s.samples.filter((p) => p.t > from && p.t <= atMs),
      histograms: s.histograms.filter((h) => h.t > from && h.t <= atMs),
    }));
  }

  async instant(expr: string, atMs: number): Promise<InstantSeries[]> {
    checkTime('atMs', atMs);
    const params = new URLSearchParams({ query: expr, time: seconds(atMs) });
    return vectorOf(await this.data('/api/v1/query', params), this.target.url);
  }

  async matrix(expr: string, atMs: number): Promise<RawSeries[]> {
    checkTime('atMs', atMs);
    const params = new URLSearchParams({ query: expr, time: seconds(atMs) });
    return matrixOf(await this.data('/api/v1/query', params), this.target.url);
  }

  async exemplarTraceIds(
    selector: string,
    startMs: number,
    endMs: number,
    limit: number,
  ): Promise<string[]> {
    checkTime('startMs', startMs);
    checkTime('endMs', endMs);
    const params = new URLSearchParams({
      query: selector,
      start: seconds(startMs),
      end: seconds(endMs),
    });
    const data = await this.data('/api/v1/query_exemplars', params);
    return exemplarTraceIdsOf(data, this.target.url, limit);
  }

  async range(
    expr: string,
    startMs: number,
    endMs: number,
    stepMs: number,
  ): Promise<RangeSeries[]> {
    checkTime('startMs', startMs);
    checkTime('endMs', endMs);
    if (!(stepMs > 0)) throw new RangeError(`stepMs must be positive, got: ${stepMs}`);
    const params = new URLSearchParams({
      query: expr,
      start: seconds(startMs),
      end: seconds(endMs),
      step: seconds(stepMs),
    });
    const series = matrixOf(await this.data('/api/v1/query_range', params), this.target.url);
    return series.map((s) => ({ metric: s.metric, points: [...s.samples] }));
  }

  async series(
    match: string,
    startMs: number,
    endMs: number,
  ): Promise<Readonly<Record<string, string>>[]> {
    checkTime('startMs', startMs);
    checkTime('endMs', endMs);
    const params = new URLSearchParams({
      'match[]': match,
      start: seconds(startMs),
      end: seconds(endMs),
    });
    return labelSetsOf(await this.data('/api/v1/series', params), this.target.url);
  }

  /** Closes the kept-alive sockets; later questions open new ones. */
  close(): void {
    this.target.agent.destroy();
  }
}
