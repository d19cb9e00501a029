import { expect } from 'chai';
import {
  classicBucketIncrease,
  classicBucketIncrements,
  leOf,
} from '../../src/promql/classicBucketIncrease.js';
import type { RawSeries } from '../../src/promql/PromQlClient.js';

function series(le: string, values: readonly [number, number][]): RawSeries {
  return {
    metric: { __name__: 'http_server_request_duration_seconds_bucket', le },
    samples: values.map(([t, v]) => ({ t, v })),
    histograms: [],
  };
}

describe('classicBucketIncrease', () => {
  it('reads le as a number, +Inf included', () => {
    expect(leOf('0.25')).to.equal(0.25);
    expect(leOf('+Inf')).to.equal(Number.POSITIVE_INFINITY);
    expect(leOf('x')).to.equal(undefined);
    expect(leOf(undefined)).to.equal(undefined);
  });

  it('takes each le as an exact counter, lowest first, with its own resets', () => {
    const buckets = [
      series('+Inf', [
        [1000, 10],
        [3000, 14],
        [4000, 2],
      ]),
      series('0.1', [
        [1000, 4],
        [3000, 5],
        [4000, 1],
      ]),
      series('1', [
        [1000, 9],
        [3000, 12],
        [4000, 2],
      ]),
      series('oops', [[3000, 99]]),
    ];
    expect(classicBucketIncrease(buckets, 2000, 5000)).to.deep.equal([
      { le: 0.1, count: 2 },
      { le: 1, count: 5 },
      { le: Number.POSITIVE_INFINITY, count: 6 },
    ]);
  });

  it('sums the series that share an le (two instances)', () => {
    const buckets = [
      series('1', [[3000, 2]]),
      series('1', [
        [1000, 1],
        [3000, 4],
      ]),
    ];
    expect(classicBucketIncrease(buckets, 2000, 5000)).to.deep.equal([{ le: 1, count: 5 }]);
  });

  it('cuts the same per step', () => {
    const buckets = [
      series('1', [
        [1000, 1],
        [2500, 3],
        [3500, 6],
      ]),
      series('+Inf', [
        [1000, 2],
        [2500, 5],
        [3500, 9],
      ]),
    ];
    expect(classicBucketIncrements(buckets, 2000, 4000, 1000)).to.deep.equal([
      [
        { le: 1, count: 2 },
        { le: Number.POSITIVE_INFINITY, count: 3 },
      ],
      [
        { le: 1, count: 3 },
        { le: Number.POSITIVE_INFINITY, count: 4 },
      ],
    ]);
  });
});
