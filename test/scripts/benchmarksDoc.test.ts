import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { BenchResults, type Json } from '../../scripts/benchmarks/BenchResults.js';
import {
  COST_BLOCK_END,
  COST_BLOCK_START,
  costTable,
  withCostTable,
} from '../../scripts/benchmarks/costTable.js';
import { markdownTable } from '../../scripts/benchmarks/markdownTable.js';
import { renderBenchmarksDoc } from '../../scripts/benchmarks/renderBenchmarksDoc.js';

// dist/test/scripts/ → the repository root.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('benchmarksDoc (npm run docs:bench)', () => {
  const text = read('bench/results.json');
  const results = BenchResults.parse(text);

  describe('the committed documents', () => {
    it('docs/benchmarks.md is what the generator writes from bench/results.json', () => {
      // On failure: run `npm run docs:bench` after a bench run, never edit the figures by hand.
      expect(read('docs/benchmarks.md')).to.equal(renderBenchmarksDoc(results));
    });

    it("the README's cost table is what the generator writes from bench/results.json", () => {
      const readme = read('README.md');
      expect(readme).to.include(COST_BLOCK_START).and.include(COST_BLOCK_END);
      expect(readme).to.equal(withCostTable(readme, costTable(results)));
    });
  });

  describe('#renderBenchmarksDoc', () => {
    it('takes every figure from the results, so a changed figure changes the page', () => {
      const changed = JSON.parse(text) as {
        http: { variants: { full: { cpu_us_over_plain: number } } };
      };
      changed.http.variants.full.cpu_us_over_plain = 42.4;
      const page = renderBenchmarksDoc(new BenchResults(changed as unknown as Json));
      expect(page).to.include('+42.4 (+14.1 – +34.0)');
      expect(renderBenchmarksDoc(results)).not.to.include('+42.4');
    });

    it('renders the engine rows once the results have them, and says how to measure them before', () => {
      const withoutEngines = JSON.parse(text) as Record<string, Json>;
      delete withoutEngines.promql;
      expect(renderBenchmarksDoc(new BenchResults(withoutEngines))).to.include(
        'node dist/bench/promql/run.js',
      );
      const times = (median: number) => ({
        median_ms: median,
        min_ms: 1,
        max_ms: 900,
        cached_median_ms: 2,
        status: 200,
      });
      const queries = {
        requests: times(12),
        latency: times(34),
        errors: times(56),
        overview: times(650),
      };
      const engine = { load_seconds: 3, queries: { '24h': queries, '7d': queries } };
      const withEngines = {
        ...(JSON.parse(text) as Record<string, Json>),
        promql: {
          options: {
            routes: 500,
            instances: 5,
            days: 7,
            latestStepSeconds: 60,
            latestHours: 2,
            recentStepSeconds: 900,
            olderStepSeconds: 3600,
            aheadMinutes: 45,
            warmups: 2,
            runs: 9,
            series: 46750,
            samples: 11266750,
          },
          prometheus: engine,
          victoria_metrics: engine,
        },
      };
      const page = renderBenchmarksDoc(new BenchResults(withEngines as Json));
      expect(page).to.include('46,750 classic-histogram series');
      expect(page).to.match(
        /\| Prometheus 2\.42 +\| 7d +\| `\/dashboard\/overview` +\| +650\.0 \(1\.0 – 900\.0\) \| \*\*no\*\* +\| +2\.0 \|/,
      );
      expect(page).to.match(
        /\| VictoriaMetrics 1\.79 +\| 24h +\| `\/dashboard\/requests` +\| +12\.0 \(1\.0 – 900\.0\) \| yes +\| +2\.0 \|/,
      );
    });

    it('says how to measure the dependency figures until the results have them, then shows them (issue 23)', () => {
      const without = JSON.parse(text) as Record<string, Json>;
      delete without.dependencies;
      expect(renderBenchmarksDoc(new BenchResults(without))).to.include(
        'Not measured yet: `npm run build && node dist/bench/dependencies/run.js`',
      );
      const withDeps = {
        ...without,
        dependencies: {
          sdk_ns_per_call: 2_500,
          rollup_ns_per_call: 1_250,
          hours: 24,
          memory_bytes_500routes_50deps: 90e6,
          memory_bytes_500routes_no_calls: 64e6,
          memory_growth_bytes: 26e6,
          query_ms_dependencies_500routes_50deps: 12.34,
          details: {
            cost: { rollup_calls_per_s: 800_000, calls_per_request: 5 },
            with_calls: { dependency_rows: 10_400 },
          },
        },
      };
      const page = renderBenchmarksDoc(new BenchResults(withDeps));
      expect(page).to.include('| 2.50 µs').and.include('| 1.25 µs');
      expect(page).to.include('90.0 MB (+26.0 MB)');
      expect(costTable(new BenchResults(withDeps))).to.include('2.50 µs / 1.25 µs');
    });

    it('marks a goal that is not met', () => {
      expect(renderBenchmarksDoc(results)).to.match(
        /\| Full pipeline ÷ bare OTel .*\| 0\.938×\s*\| \*\*no\*\* \|/,
      );
    });
  });

  describe('BenchResults', () => {
    it('names the path of a missing figure', () => {
      const empty = new BenchResults({ http: {} });
      expect(() => empty.num('http', 'variants', 'full', 'rps')).to.throw('http.variants.full.rps');
    });
  });

  describe('#markdownTable', () => {
    it('pads every column to its widest cell, at least 3, counting code points as Biome does', () => {
      expect(markdownTable(['a', 'µs'], [['−1.5', 'x']], ['left', 'right'])).to.equal(
        ['| a    |  µs |', '| ---- | --: |', '| −1.5 |   x |'].join('\n'),
      );
    });

    it('refuses a row of another width', () => {
      expect(() => markdownTable(['a', 'b'], [['1']])).to.throw(RangeError);
    });
  });

  describe('#withCostTable', () => {
    it('replaces only what lies between the markers', () => {
      const before = `top\n${COST_BLOCK_START}\nold\n${COST_BLOCK_END}\nbottom\n`;
      expect(withCostTable(before, 'new')).to.equal(
        `top\n${COST_BLOCK_START}\n\nnew\n\n${COST_BLOCK_END}\nbottom\n`,
      );
    });

    it('throws without the markers', () => {
      expect(() => withCostTable('no markers', 'new')).to.throw(COST_BLOCK_START);
    });
  });
});
