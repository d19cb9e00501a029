import { expect } from 'chai';
import type { RawSeries } from '../../src/promql/PromQlClient.js';
import { processKeyOf } from '../../src/promqlSource/dealAggregates.js';
import {
  matchersOfSources,
  processLabels,
  unsafeProcesses,
} from '../../src/promqlSource/processReads.js';

const NAMES = { serviceLabel: 'job', instanceLabel: 'instance' };
const TIMES = [1_000, 2_000, 3_000];

/** A counter of `instance`'s process with `values` at TIMES (undefined: no value then). */
function counter(instance: string, values: readonly (number | undefined)[]): RawSeries {
  return {
    metric: { __name__: 'http_server_request_duration_count', job: 'shop', instance },
    samples: values.flatMap((v, i) => (v === undefined ? [] : [{ t: TIMES[i] as number, v }])),
    histograms: [],
  };
}

describe('processReads', () => {
  it('sets a process apart by our own labels and the scrape’s', () => {
    expect(processLabels(NAMES)).to.deep.equal([
      'service_name',
      'service_instance_id',
      'job',
      'instance',
    ]);
  });

  it('names the processes that reset or stopped, with the matchers of their series alone', () => {
    const unsafe = unsafeProcesses(
      [
        counter('steady', [1, 2, 3]),
        counter('born', [undefined, 1, 2]),
        counter('restarted', [5, 1, 2]),
        counter('stopped', [1, 2, undefined]),
      ],
      TIMES,
      NAMES,
    );
    expect([...unsafe.values()]).to.deep.equal([
      ['service_name=""', 'service_instance_id=""', 'job="shop"', 'instance="restarted"'],
      ['service_name=""', 'service_instance_id=""', 'job="shop"', 'instance="stopped"'],
    ]);
  });

  it('reads a native histogram’s count the same way', () => {
    const h = (t: number, count: number) => ({ t, count, sum: 0, buckets: [] });
    const series: RawSeries = {
      metric: { __name__: 'http_server_request_duration', job: 'shop', instance: 'n' },
      samples: [],
      histograms: [h(1_000, 9), h(2_000, 1), h(3_000, 2)],
    };
    expect(unsafeProcesses([series], TIMES, NAMES).size).to.equal(1);
  });

  it('reads a source whole: every label set that names it, not only the one that fell', () => {
    // One process named by our own label on one series, by the scrape's on another: the store files both under shop/h:1.
    const own: RawSeries = {
      metric: { service_name: 'shop', job: 'scraper', instance: 'h:1' },
      samples: [],
      histograms: [],
    };
    const scraped: RawSeries = { ...own, metric: { job: 'shop', instance: 'h:1' } };
    const other: RawSeries = { ...own, metric: { job: 'shop', instance: 'h:2' } };
    const key = processKeyOf({ service: 'shop', instance: 'h:1' });
    expect(matchersOfSources([own, scraped, other, own], new Set([key]), NAMES)).to.deep.equal([
      ['service_name="shop"', 'service_instance_id=""', 'job="scraper"', 'instance="h:1"'],
      ['service_name=""', 'service_instance_id=""', 'job="shop"', 'instance="h:1"'],
    ]);
  });
});
