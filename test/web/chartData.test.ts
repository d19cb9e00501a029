import { expect } from 'chai';
import type { LatencyPointAnswer, RequestsPointAnswer } from '../../web/apiTypes.js';
import {
  appendSample,
  axisTop,
  type Column,
  errorRateColumns,
  isolatedIndices,
  latencyColumns,
  MAX_SATURATION_SAMPLES,
  MIN_SATURATION_SPAN_S,
  paddedRange,
  type SaturationSample,
  saturationColumns,
  saturationRange,
  secondsOf,
  trafficColumns,
} from '../../web/chartData.js';

const T = Date.parse('2024-01-01T00:00:00.000Z') / 1000;
const at = (minute: number) => new Date((T + minute * 60) * 1000).toISOString();

describe('web/chartData', () => {
  const requestPoints: RequestsPointAnswer[] = [
    { timestamp: at(0), count: 0, errors: 0, server_errors: 0 },
    { timestamp: at(1), count: 200, errors: 30, server_errors: 10 },
    { timestamp: at(2), count: 3, errors: 1, server_errors: 1 },
  ];

  it('turns timestamps into epoch seconds', () => {
    expect(secondsOf(requestPoints)).to.deep.equal([T, T + 60, T + 120]);
  });

  it('charts requests per step', () => {
    expect(trafficColumns(requestPoints)).to.deep.equal([
      [T, T + 60, T + 120],
      [0, 200, 3],
    ]);
  });

  it('charts 4xx and 5xx rates apart, in percent, with no rate for an empty step', () => {
    expect(errorRateColumns(requestPoints)).to.deep.equal([
      [T, T + 60, T + 120],
      [null, 10, 0],
      [null, 5, 33.33],
    ]);
  });

  it('charts p50, p95 and p99, keeping the gaps of empty steps', () => {
    const points: LatencyPointAnswer[] = [
      { timestamp: at(0), count: 0, p50_ms: null, p95_ms: null, p99_ms: null },
      { timestamp: at(1), count: 5, p50_ms: 10, p95_ms: 40, p99_ms: 41 },
    ];
    expect(latencyColumns(points)).to.deep.equal([
      [T, T + 60],
      [null, 10],
      [null, 40],
      [null, 41],
    ]);
  });

  describe('saturation samples', () => {
    const sample = (t: number): SaturationSample => ({ t, inFlight: t % 3, loopDelayP99Ms: t / 2 });

    it('charts in-flight requests and event-loop delay per sample', () => {
      expect(saturationColumns([sample(10), sample(15)])).to.deep.equal([
        [10, 15],
        [1, 0],
        [5, 7.5],
      ]);
    });

    it('appends without changing the old list, and keeps the newest within the limit', () => {
      const one = appendSample([], sample(1));
      const two = appendSample(one, sample(2));
      expect(one).to.have.length(1);
      expect(two.map((s) => s.t)).to.deep.equal([1, 2]);
      let many: SaturationSample[] = [];
      for (let t = 0; t < 10; t++) many = appendSample(many, sample(t), 4);
      expect(many.map((s) => s.t)).to.deep.equal([6, 7, 8, 9]);
      expect(MAX_SATURATION_SAMPLES).to.equal(720);
    });

    it('spans at least a minute, so the first samples are not stretched edge to edge', () => {
      expect(saturationRange([100])).to.deep.equal([100 - MIN_SATURATION_SPAN_S, 102.5]);
      expect(saturationRange([100, 105])).to.deep.equal([105 - MIN_SATURATION_SPAN_S, 107.5]);
      expect(saturationRange([0, 500])).to.deep.equal([0, 502.5]);
      expect(saturationRange([])).to.deep.equal([0, 1]);
    });
  });

  describe('#isolatedIndices', () => {
    const cases: [Column, number[]][] = [
      [[], []],
      [[null, null], []],
      [[5], [0]],
      [[null, 5], [1]],
      [[5, 6], []],
      [
        [null, 0, null, 2, 3, null, 7],
        [1, 6],
      ],
      [
        [1, null, 1, null, 1],
        [0, 2, 4],
      ],
    ];
    for (const [values, expected] of cases) {
      it(`marks ${JSON.stringify(expected)} in ${JSON.stringify(values)}`, () => {
        expect(isolatedIndices(values)).to.deep.equal(expected);
      });
    }
  });

  it('pads an x range by half a step each side', () => {
    expect(paddedRange([100, 160, 220], 30)).to.deep.equal([70, 250]);
    expect(paddedRange([100], 30)).to.deep.equal([70, 130]);
    expect(paddedRange([], 30)).to.deep.equal([0, 1]);
  });

  it('puts the top of an axis above the largest value, never below its floor', () => {
    expect(axisTop(100)).to.be.closeTo(115, 1e-9);
    expect(axisTop(0)).to.equal(1);
    expect(axisTop(null, 10)).to.equal(10);
    expect(axisTop(2, 10)).to.equal(10);
    expect(axisTop(Number.NaN)).to.equal(1);
  });
});
