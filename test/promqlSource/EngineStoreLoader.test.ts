import { expect } from 'chai';
import { latencyQuery } from '../../src/dashboard/queries/latencyQuery.js';
import { requestsQuery } from '../../src/dashboard/queries/requestsQuery.js';
import { EngineError } from '../../src/promql/EngineError.js';
import type { RawSample } from '../../src/promql/PromQlClient.js';
import { EngineStoreLoader } from '../../src/promqlSource/EngineStoreLoader.js';
import {
  CounterEngineDouble,
  classicSeries,
  HistogramEngineDouble,
} from '../support/engineDoubles.js';
import { FakeClock, HOUR, MINUTE, T0 } from '../support/fakeClock.js';

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
        expect(q).to.match(/http_server_request_duration(\(_count\)\?|_count)?"/);
        expect(q).to.not.include('_bucket');
        expect(q).to.not.include('_sum');
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

describe('EngineStoreLoader, the latency chart of the whole', () => {
  /** Two routes of one process, busy at different times, and fast in different shares. */
  const twoRoutes = () => [
    ...classicSeries('/a'),
    ...classicSeries('/b', (m) => (m < 60 ? 0 : Math.floor((m - 60) * 30)), 0.2),
  ];
  const load = async (durations: 'steps' | 'chart' | 'overall') => {
    const clock = new FakeClock(T0 + 2 * HOUR);
    const engine = new HistogramEngineDouble(twoRoutes());
    const store = await new EngineStoreLoader({
      labels: NAMES,
      now: clock.now,
      client: engine,
    }).load({ chartMs: 2 * HOUR, windowsMs: [2 * HOUR], durations }, {});
    return { store, engine };
  };

  it('gives the chart per step and each endpoint over the period what a read of every series per step gives', async () => {
    const steps = (await load('steps')).store;
    const chart = (await load('chart')).store;
    const a = latencyQuery(steps, 'p', 2 * HOUR);
    const b = latencyQuery(chart, 'p', 2 * HOUR);
    expect(b.overall).to.deep.equal(a.overall);
    expect(b.by_endpoint).to.deep.equal(a.by_endpoint);
    expect(b.timeseries).to.deep.equal(a.timeseries);
    expect(Object.keys(a.by_endpoint)).to.have.members(['/a', '/b']);
    expect(requestsQuery(chart, 'p', 2 * HOUR)).to.deep.equal(requestsQuery(steps, 'p', 2 * HOUR));
  });

  it('gives the whole’s latency over a window, and the counts, from the buckets summed per process', async () => {
    const steps = (await load('steps')).store;
    const { store: overall, engine } = await load('overall');
    expect(latencyQuery(overall, 'p', 2 * HOUR).overall).to.deep.equal(
      latencyQuery(steps, 'p', 2 * HOUR).overall,
    );
    expect(requestsQuery(overall, 'p', 2 * HOUR)).to.deep.equal(
      requestsQuery(steps, 'p', 2 * HOUR),
    );
    for (const q of engine.asked.filter((x) => x.includes('_bucket'))) {
      expect(q).to.match(/^sum by/);
    }
  });

  it('reads every series at the edges alone, and the buckets per step as sums per process', async () => {
    const { engine } = await load('chart');
    for (const q of engine.asked.filter((x) => /\]$/.test(x))) expect(q).to.match(/^\(sum by/);
  });
});

describe('EngineStoreLoader, a process that restarts or stops inside the window', () => {
  /** A counter served by one process every 15 s over two hours, as `value(t)` says, until `until`. */
  const counter = (value: (t: number) => number, until = T0 + 2 * HOUR): RawSample[] => {
    const samples: RawSample[] = [];
    for (let t = T0 + HOUR; t <= until; t += 15_000) samples.push({ t, v: value(t) });
    return samples;
  };

  it('counts a restart inside a chunk exactly, without durations too', async () => {
    const restart = T0 + 2 * HOUR - 20 * MINUTE;
    const engine = new CounterEngineDouble(
      counter((t) =>
        t < restart ? (t < restart - 30_000 ? 0 : 10) : t < restart + 30_000 ? 1 : 3,
      ),
    );
    const clock = new FakeClock(T0 + 2 * HOUR);
    const loader = new EngineStoreLoader({ client: engine, labels: NAMES, now: clock.now });
    const store = await loader.load({ ...WINDOWS, durations: 'none' }, {});
    expect(engine.rawReads).to.equal(1);
    expect(requestsQuery(store, '1h', HOUR).by_endpoint).to.deep.equal({ '/a': 13 });
  });

  it('counts the requests of a process that stopped before now', async () => {
    // 2 a minute, then the process stops 10 minutes before now: its last value is 100.
    const engine = new CounterEngineDouble(
      counter((t) => Math.floor(((t - T0 - HOUR) / MINUTE) * 2), T0 + 2 * HOUR - 10 * MINUTE),
    );
    const clock = new FakeClock(T0 + 2 * HOUR);
    const loader = new EngineStoreLoader({ client: engine, labels: NAMES, now: clock.now });
    const store = await loader.load({ ...WINDOWS, durations: 'none' }, {});
    expect(requestsQuery(store, '1h', HOUR).total).to.equal(100);
  });
});
