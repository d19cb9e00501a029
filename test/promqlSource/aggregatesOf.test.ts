import { expect } from 'chai';
import type { NativeHistogramSample, RawSeries } from '../../src/promql/PromQlClient.js';
import { aggregatesOf, chunkOf } from '../../src/promqlSource/aggregatesOf.js';
import { MINUTE, T0 } from '../support/fakeClock.js';

const NAMES = { serviceLabel: 'job', instanceLabel: 'instance' };
const LABELS = {
  http_route: '/a',
  http_request_method: 'GET',
  http_response_status_code: '200',
  job: 'shop',
  instance: 'h:1',
};
/** Two one-minute chunks. */
const BOUNDS = [T0, T0 + MINUTE, T0 + 2 * MINUTE];

function native(t: number, counts: [number, number]): NativeHistogramSample {
  const [a, b] = counts;
  return {
    t,
    count: a + b,
    sum: a * 0.01 + b * 0.1,
    buckets: [
      { lower: 0.0099, upper: 0.0101, count: a, boundaryRule: 0 },
      { lower: 0.099, upper: 0.101, count: b, boundaryRule: 0 },
    ].filter((x) => x.count > 0),
  };
}

function floats(
  name: string,
  extra: Record<string, string>,
  values: [number, number][],
): RawSeries {
  return {
    metric: { __name__: name, ...LABELS, ...extra },
    samples: values.map(([t, v]) => ({ t, v })),
    histograms: [],
  };
}

describe('aggregatesOf', () => {
  describe('chunkOf', () => {
    it('finds the chunk holding a time; the last holds its end; outside is -1', () => {
      expect(BOUNDS.map((t) => chunkOf(BOUNDS, t))).to.deep.equal([0, 1, 1]);
      expect(chunkOf(BOUNDS, T0 + MINUTE - 1)).to.equal(0);
      expect(chunkOf(BOUNDS, T0 - 1)).to.equal(-1);
      expect(chunkOf(BOUNDS, T0 + 2 * MINUTE + 1)).to.equal(-1);
    });
  });

  it('counts a native histogram per chunk from its increments, buckets at their middle', () => {
    const series: RawSeries = {
      metric: { __name__: 'http_server_request_duration', ...LABELS },
      samples: [],
      histograms: [
        native(T0 - 10_000, [5, 0]),
        native(T0 + 20_000, [7, 1]),
        native(T0 + 80_000, [7, 4]),
      ],
    };
    const out = aggregatesOf([series], BOUNDS, NAMES);
    expect(out.map((a) => [a.timestampMs, a.count, a.weights])).to.deep.equal([
      [T0, 3, [2, 1]],
      [T0 + MINUTE, 3, [3]],
    ]);
    expect(out[0]).to.include({ endpoint: '/a', method: 'GET', statusCode: 200, service: 'shop' });
    expect(out[0]?.valuesMs[0]).to.be.closeTo(10, 0.01);
    expect(out[0]?.sumMs).to.be.closeTo(2 * 10 + 100, 1e-9);
  });

  it('counts a restart from its new value, and a series born in the window from zero', () => {
    const count = floats('http_server_request_duration_count', {}, [
      [T0 + 10_000, 4],
      [T0 + 70_000, 1],
    ]);
    const out = aggregatesOf([count], BOUNDS, NAMES);
    expect(out.map((a) => a.count)).to.deep.equal([4, 1]);
  });

  it('reads classic buckets: the count from _count, the sum from _sum, each le bucket at its middle', () => {
    const raw = [
      floats('http_server_request_duration_count', {}, [
        [T0 - 1, 0],
        [T0 + 5_000, 3],
      ]),
      floats('http_server_request_duration_sum', {}, [
        [T0 - 1, 0],
        [T0 + 5_000, 0.3],
      ]),
      floats('http_server_request_duration_bucket', { le: '0.05' }, [
        [T0 - 1, 0],
        [T0 + 5_000, 1],
      ]),
      floats('http_server_request_duration_bucket', { le: '0.1' }, [
        [T0 - 1, 0],
        [T0 + 5_000, 3],
      ]),
      floats('http_server_request_duration_bucket', { le: '+Inf' }, [
        [T0 - 1, 0],
        [T0 + 5_000, 3],
      ]),
    ];
    const [agg, ...rest] = aggregatesOf(raw, BOUNDS, NAMES);
    expect(rest).to.deep.equal([]);
    expect(agg?.count).to.equal(3);
    expect(agg?.sumMs).to.be.closeTo(300, 1e-9);
    expect(agg?.valuesMs).to.deep.equal([25, Math.sqrt(0.05 * 0.1) * 1000]);
    expect(agg?.weights).to.deep.equal([1, 2]);
  });
});
