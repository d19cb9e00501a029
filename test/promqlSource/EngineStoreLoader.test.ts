import { expect } from 'chai';
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
  fail = false;
  constructor(private readonly raw: readonly RawSample[]) {}

  private check(): void {
    this.questions++;
    if (this.fail) throw new EngineError('engine_unreachable', 'nothing answered');
  }
  private at(t: number): RawSample | undefined {
    return [...this.raw].reverse().find((s) => s.t <= t && s.t > t - 5 * MINUTE);
  }
  async rawSamples(_s: string, atMs: number, rangeMs: number): Promise<RawSeries[]> {
    this.check();
    this.rawReads++;
    const samples = this.raw.filter((s) => s.t > atMs - rangeMs && s.t <= atMs);
    return [{ metric: METRIC, samples, histograms: [] }];
  }
  async instant(_e: string, atMs: number): Promise<InstantSeries[]> {
    this.check();
    const s = this.at(atMs);
    return s === undefined ? [] : [{ metric: METRIC, value: s.v }];
  }
  async matrix(expr: string, atMs: number): Promise<RawSeries[]> {
    this.check();
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
