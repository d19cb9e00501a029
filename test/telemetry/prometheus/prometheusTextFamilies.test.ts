import { expect } from 'chai';
import { prometheusTextFamilies } from '../../../src/telemetry/prometheus/prometheusTextFamilies.js';

describe('prometheusTextFamilies', () => {
  it('reads HELP, UNIT, TYPE and samples, unescaping label values and help', () => {
    const text = [
      '# HELP jobs_total Jobs \\\\ done\\nso far',
      '# UNIT jobs_total 1',
      '# TYPE jobs_total counter',
      'jobs_total{queue="a\\"b",path="c:\\\\d",note="x\\ny",otel_scope_name="m"} 7',
      '# HELP up Up',
      '# TYPE up gauge',
      'up 1',
      '# HELP d Durations',
      '# TYPE d histogram',
      'd_count{r="/a"} 2',
      'd_sum{r="/a"} 0.5',
      'd_bucket{r="/a",le="0.1"} 1',
      'd_bucket{r="/a",le="+Inf"} 2',
      '',
    ].join('\n');
    const families = prometheusTextFamilies(text);
    expect(families.map((f) => [f.name, f.type, f.unit])).to.deep.equal([
      ['jobs_total', 'counter', '1'],
      ['up', 'gauge', ''],
      ['d', 'histogram', ''],
    ]);
    expect(families[0]?.help).to.equal('Jobs \\ done\nso far');
    expect(families[0]?.samples).to.deep.equal([
      {
        name: 'jobs_total',
        labels: [
          ['queue', 'a"b'],
          ['path', 'c:\\d'],
          ['note', 'x\ny'],
          ['otel_scope_name', 'm'],
        ],
        value: 7,
      },
    ]);
    expect(families[1]?.samples).to.deep.equal([{ name: 'up', labels: [], value: 1 }]);
    expect(families[2]?.samples.map((s) => [s.name, s.value])).to.deep.equal([
      ['d_count', 2],
      ['d_sum', 0.5],
      ['d_bucket', 1],
      ['d_bucket', 2],
    ]);
  });

  it('makes one family of two blocks with one name (one metric in two scopes)', () => {
    const text = '# HELP x X\n# TYPE x gauge\nx{a="1"} 1\n# HELP x X\n# TYPE x gauge\nx{a="2"} 2\n';
    const families = prometheusTextFamilies(text);
    expect(families).to.have.length(1);
    expect(families[0]?.samples.map((s) => s.value)).to.deep.equal([1, 2]);
  });

  it('reads +Inf, -Inf and NaN values', () => {
    const [f] = prometheusTextFamilies(
      '# TYPE g gauge\ng{a="1"} +Inf\ng{a="2"} -Inf\ng{a="3"} NaN\n',
    );
    expect(f?.samples.map((s) => s.value)).to.deep.equal([
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
    ]);
  });
});
