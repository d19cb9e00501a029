import { expect } from 'chai';
import { latencyQuery } from '../../src/dashboard/queries/latencyQuery.js';
import { requestsQuery } from '../../src/dashboard/queries/requestsQuery.js';
import { EngineError } from '../../src/promql/EngineError.js';
import type {
  InstantSeries,
  PromQlClient,
  RangeSeries,
  RawSample,
  RawSeries,
} from '../../src/promql/PromQlClient.js';
import { EngineStoreLoader } from '../../src/promqlSource/EngineStoreLoader.js';
import { FakeClock, HOUR, MINUTE, T0 } from '../support/fakeClock.js';

const METRIC = {
  __name__: 'http_server_request_duration_count',
  http_route: '/a',
  http_request_method: 'GET',
  http_response_status_code: '200',
  job: 'shop',
  instance: 'h:1',
};

/**
 * An engine double over one `_count` series' raw samples: instant queries
 * and subqueries answer the last sample at or before each time, raw reads
 * every sample; `fail` makes every question fail as an unreachable engine.
 */
class CounterEngineDouble implements PromQlClient {
  questions = 0;
  rawReads = 0;
  /** Every selector or expression asked, in order. */
  readonly asked: string[] = [];
  fail = false;
  constructor(private readonly raw: readonly RawSample[]) {}

  private check(): void {
    this.questions++;
    if (this.fail) throw new EngineError('engine_unreachable', 'nothing answered');
  }
  private at(t: number): RawSample | undefined {
    return [...this.raw].reverse().find((s) => s.t <= t && s.t > t - 5 * MINUTE);
  }
  async rawSamples(selector: string, atMs: number, rangeMs: number): Promise<RawSeries[]> {
    this.check();
    this.asked.push(selector);
    this.rawReads++;
    const samples = this.raw.filter((s) => s.t > atMs - rangeMs && s.t <= atMs);
    return [{ metric: METRIC, samples, histograms: [] }];
  }
  async instant(expr: string, atMs: number): Promise<InstantSeries[]> {
    this.check();
    this.asked.push(expr);
    const s = this.at(atMs);
    return s === undefined ? [] : [{ metric: METRIC, value: s.v }];
  }
  async matrix(expr: string, atMs: number): Promise<RawSeries[]> {
    this.check();
    this.asked.push(expr);
    const [, range, step] = /\[(\d+)ms:(\d+)ms\]$/.exec(expr) ?? [];
    const samples: RawSample[] = [];
    for (
      let t = Math.ceil((atMs - Number(range)) / Number(step)) * Number(step);
      t <= atMs;
      t += Number(step)
    ) {
      const s = this.at(t - 1);
      if (s !== undefined) samples.push({ t, v: s.v });
    }
    return [{ metric: METRIC, samples, histograms: [] }];
  }
  async exemplarTraceIds(): Promise<string[]> {
    return [];
  }
  async range(): Promise<RangeSeries[]> {
    return [];
  }
  async series(): Promise<Readonly<Record<string, string>>[]> {
    return [];
  }
}

const NAMES = { serviceLabel: 'job', instanceLabel: 'instance' };
const WINDOWS = { chartMs: HOUR, windowsMs: [HOUR] };

describe('EngineStoreLoader', () => {
  describe('#load', () => {
    it('counts exactly across a restart inside a chunk, by reading the raw samples', async () => {
      const clock = new FakeClock(T0 + 2 * HOUR);
      // Scraped every 15 s: 10 served, then a restart mid-minute (the counter starts again), then 3 more.
      const restart = T0 + 2 * HOUR - 20 * MINUTE;
      const samples: RawSample[] = [];
      for (let t = T0 + HOUR; t <= T0 + 2 * HOUR; t += 15_000) {
        const v = t < restart ? (t < restart - 30_000 ? 0 : 10) : t < restart + 30_000 ? 1 : 3;
        samples.push({ t, v });
      }
      const engine = new CounterEngineDouble(samples);
      const loader = new EngineStoreLoader({ client: engine, labels: NAMES, now: clock.now });
      const store = await loader.load(WINDOWS, {});
      expect(engine.rawReads).to.equal(1);
      expect(requestsQuery(store, '1h', HOUR).by_endpoint).to.deep.equal({ '/a': 13 });
    });

    it('answers the same window and filter from one read within its few seconds', async () => {
      const clock = new FakeClock(T0 + 2 * HOUR);
      const engine = new CounterEngineDouble([{ t: T0 + 2 * HOUR - MINUTE, v: 4 }]);
      const loader = new EngineStoreLoader({ client: engine, labels: NAMES, now: clock.now });
      const first = await loader.load(WINDOWS, {});
      const asked = engine.questions;
      clock.advance(1_000);
      expect(await loader.load(WINDOWS, {})).to.equal(first);
      expect(engine.questions).to.equal(asked);
      expect(await loader.load(WINDOWS, { service: 'shop' })).to.not.equal(first);
      clock.advance(10_000);
      expect(await loader.load(WINDOWS, {})).to.not.equal(first);
    });

    it('asks for the request counters alone when the answer reads no durations', async () => {
      const clock = new FakeClock(T0 + 2 * HOUR);
      const engine = new CounterEngineDouble([{ t: T0 + 2 * HOUR - MINUTE, v: 4 }]);
      const loader = new EngineStoreLoader({ client: engine, labels: NAMES, now: clock.now });
      const store = await loader.load({ ...WINDOWS, durations: 'none' }, {});
      expect(requestsQuery(store, '1h', HOUR).total).to.equal(4);
      expect(engine.asked).to.not.be.empty;
      for (const q of engine.asked) {
        expect(q).to.include('http_server_request_duration(_count)?"');
        expect(q).to.not.include('_bucket');
      }
      // Counts only cannot answer durations: a question that reads them reads the buckets.
      engine.asked.length = 0;
      await loader.load(WINDOWS, {});
      expect(engine.asked.every((q) => q.includes('_bucket'))).to.equal(true);
    });

    it('answers a counts-only question from a fill with durations held', async () => {
      const clock = new FakeClock(T0 + 2 * HOUR);
      const engine = new CounterEngineDouble([{ t: T0 + 2 * HOUR - MINUTE, v: 4 }]);
      const loader = new EngineStoreLoader({ client: engine, labels: NAMES, now: clock.now });
      const full = await loader.load(WINDOWS, {});
      const asked = engine.questions;
      expect(await loader.load({ ...WINDOWS, durations: 'none' }, {})).to.equal(full);
      expect(engine.questions).to.equal(asked);
    });

    it('keeps no failed read: the next question asks the engine again', async () => {
      const clock = new FakeClock(T0 + 2 * HOUR);
      const engine = new CounterEngineDouble([{ t: T0 + 2 * HOUR - MINUTE, v: 4 }]);
      const loader = new EngineStoreLoader({ client: engine, labels: NAMES, now: clock.now });
      engine.fail = true;
      let failed: unknown;
      await loader.load(WINDOWS, {}).catch((err: unknown) => {
        failed = err;
      });
      expect(failed).to.be.instanceOf(EngineError);
      engine.fail = false;
      const store = await loader.load(WINDOWS, {});
      expect(requestsQuery(store, '1h', HOUR).total).to.equal(4);
    });
  });
});

/** A classic histogram's series (count, sum, two buckets) of one label set, each with its raw samples. */
function classicSeries(): { metric: Record<string, string>; samples: RawSample[] }[] {
  const labels = { ...METRIC, __name__: '' };
  const parts: [string, Record<string, string>, (n: number) => number][] = [
    ['_count', {}, (n) => n],
    ['_sum', {}, (n) => n * 0.08],
    ['_bucket', { le: '0.1' }, (n) => Math.floor(n * 0.75)],
    ['_bucket', { le: '+Inf' }, (n) => n],
  ];
  return parts.map(([suffix, extra, value]) => {
    const samples: RawSample[] = [];
    // Every 15 s for two hours, requests growing unevenly: a chart's chunks differ.
    for (let t = T0; t <= T0 + 2 * HOUR; t += 15_000) {
      const n = Math.floor(((t - T0) / 15_000) ** 1.5);
      samples.push({ t, v: value(n) });
    }
    return {
      metric: { ...labels, ...extra, __name__: `http_server_request_duration${suffix}` },
      samples,
    };
  });
}

/** An engine double over several series: each question answers those its selector's name matches. */
class HistogramEngineDouble implements PromQlClient {
  readonly asked: string[] = [];
  constructor(private readonly all: ReturnType<typeof classicSeries>) {}
  private matching(expr: string) {
    const name = /__name__=~"([^"]+)"/.exec(expr)?.[1] ?? '';
    return this.all.filter((s) => new RegExp(`^${name}$`).test(s.metric.__name__ ?? ''));
  }
  private static at(samples: readonly RawSample[], t: number): RawSample | undefined {
    return [...samples].reverse().find((s) => s.t <= t && s.t > t - 5 * MINUTE);
  }
  async rawSamples(selector: string, atMs: number, rangeMs: number): Promise<RawSeries[]> {
    this.asked.push(selector);
    return this.matching(selector).map((s) => ({
      metric: s.metric,
      samples: s.samples.filter((p) => p.t > atMs - rangeMs && p.t <= atMs),
      histograms: [],
    }));
  }
  async instant(expr: string, atMs: number): Promise<InstantSeries[]> {
    this.asked.push(expr);
    return this.matching(expr).flatMap((s) => {
      const p = HistogramEngineDouble.at(s.samples, atMs);
      return p === undefined ? [] : [{ metric: s.metric, value: p.v }];
    });
  }
  async matrix(expr: string, atMs: number): Promise<RawSeries[]> {
    this.asked.push(expr);
    const [, range, step] = /\[(\d+)ms:(\d+)ms\]$/.exec(expr) ?? [];
    return this.matching(expr).map((s) => {
      const samples: RawSample[] = [];
      const from = Math.ceil((atMs - Number(range)) / Number(step)) * Number(step);
      for (let t = from; t <= atMs; t += Number(step)) {
        const p = HistogramEngineDouble.at(s.samples, t - 1);
        if (p !== undefined) samples.push({ t, v: p.v });
      }
      return { metric: s.metric, samples, histograms: [] };
    });
  }
  async exemplarTraceIds(): Promise<string[]> {
    return [];
  }
  async range(): Promise<RangeSeries[]> {
    return [];
  }
  async series(): Promise<Readonly<Record<string, string>>[]> {
    return [];
  }
}

describe('EngineStoreLoader, durations over windows only', () => {
  const loadBoth = async () => {
    const clock = new FakeClock(T0 + 2 * HOUR);
    const stepsEngine = new HistogramEngineDouble(classicSeries());
    const windowsEngine = new HistogramEngineDouble(classicSeries());
    const options = { labels: NAMES, now: clock.now };
    const steps = await new EngineStoreLoader({ ...options, client: stepsEngine }).load(
      { chartMs: HOUR, windowsMs: [HOUR, 2 * HOUR] },
      {},
    );
    const windows = await new EngineStoreLoader({ ...options, client: windowsEngine }).load(
      { chartMs: HOUR, windowsMs: [HOUR, 2 * HOUR], durations: 'windows' },
      {},
    );
    return { steps, windows, windowsEngine };
  };

  it('gives each window the latency and the counts of a read per chunk', async () => {
    const { steps, windows } = await loadBoth();
    for (const periodMs of [HOUR, 2 * HOUR]) {
      const a = latencyQuery(steps, 'p', periodMs);
      const b = latencyQuery(windows, 'p', periodMs);
      expect(b.overall).to.deep.equal(a.overall);
      expect(b.by_endpoint).to.deep.equal(a.by_endpoint);
      const ra = requestsQuery(steps, 'p', periodMs);
      const rb = requestsQuery(windows, 'p', periodMs);
      expect(rb).to.deep.equal(ra);
      expect(ra.total).to.be.greaterThan(0);
    }
  });

  it('asks for the buckets at the windows’ edges only, by instant queries', async () => {
    const { windowsEngine } = await loadBoth();
    const bucketQuestions = windowsEngine.asked.filter((q) => q.includes('_bucket'));
    // Two windows ending now: their two starts and now.
    expect(bucketQuestions).to.have.length(3);
    for (const q of bucketQuestions) expect(q).to.not.match(/\]$/);
  });
});
