import { expect } from 'chai';
import type {
  InstantSeries,
  PromQlClient,
  RangeSeries,
  RawSample,
  RawSeries,
} from '../../src/promql/PromQlClient.js';
import { boundarySamples } from '../../src/promqlSource/boundarySamples.js';
import { subquerySamples } from '../support/engineDoubles.js';
import { MINUTE, T0 } from '../support/fakeClock.js';

const METRIC = { __name__: 'http_server_request_duration_count', http_route: '/a' };

/**
 * A PromQL engine double over one float counter's raw samples: it answers
 * an instant query with the last sample at or before the time, and a
 * subquery `(sel offset 1ms)[Rms:Sms]` with that value at each step.
 */
class OneCounterEngineDouble implements PromQlClient {
  readonly asked: string[] = [];
  constructor(private readonly raw: readonly RawSample[]) {}

  private at(t: number): RawSample | undefined {
    return [...this.raw].reverse().find((s) => s.t <= t && s.t > t - 5 * MINUTE);
  }

  async rawSamples(): Promise<RawSeries[]> {
    return [{ metric: METRIC, samples: [...this.raw], histograms: [] }];
  }
  async instant(expr: string, atMs: number): Promise<InstantSeries[]> {
    this.asked.push(`instant ${expr} @${atMs - T0}`);
    const s = this.at(atMs);
    return s === undefined ? [] : [{ metric: METRIC, value: s.v }];
  }
  async matrix(expr: string, atMs: number): Promise<RawSeries[]> {
    this.asked.push(`matrix ${expr}`);
    return [
      { metric: METRIC, samples: subquerySamples(expr, atMs, (t) => this.at(t)), histograms: [] },
    ];
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

describe('boundarySamples', () => {
  const now = T0 + 3 * MINUTE + 30_000;
  const boundaries = [T0 + 30_000, T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE, now];

  it("gives each chunk's end value stamped inside it, the window start's just before it", async () => {
    const engine = new OneCounterEngineDouble([
      { t: T0 + 10_000, v: 5 },
      { t: T0 + 60_000, v: 7 },
      { t: T0 + 110_000, v: 9 },
      { t: T0 + 200_000, v: 12 },
    ]);
    const { series, reset } = await boundarySamples(engine, 'sel', boundaries, MINUTE);
    expect(reset).to.equal(false);
    expect(series[0]?.samples).to.deep.equal([
      { t: T0 + 30_000 - 1, v: 5 },
      // The sample at exactly T0 + 60 s is the next chunk's, as the raw samples file it.
      { t: T0 + MINUTE - 1, v: 5 },
      { t: T0 + 2 * MINUTE - 1, v: 9 },
      { t: T0 + 3 * MINUTE - 1, v: 9 },
      { t: now, v: 12 },
    ]);
    // One subquery on the grid, instant queries for the rest (the window's start, now).
    expect(engine.asked.filter((q) => q.startsWith('matrix'))).to.have.length(1);
    expect(engine.asked.filter((q) => q.startsWith('instant'))).to.have.length(2);
  });

  it('says when a value drops, so that the caller reads the raw samples', async () => {
    const engine = new OneCounterEngineDouble([
      { t: T0 + 10_000, v: 5 },
      { t: T0 + 100_000, v: 1 },
    ]);
    expect((await boundarySamples(engine, 'sel', boundaries, MINUTE)).reset).to.equal(true);
  });
});
