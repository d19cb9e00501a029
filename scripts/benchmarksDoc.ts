import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchResults } from './benchmarks/BenchResults.js';
import { costTable, withCostTable } from './benchmarks/costTable.js';
import { renderBenchmarksDoc } from './benchmarks/renderBenchmarksDoc.js';

// dist/scripts/benchmarksDoc.js → the repository root, two folders up.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const results = BenchResults.parse(readFileSync(path.join(root, 'bench', 'results.json'), 'utf8'));
const readmePath = path.join(root, 'README.md');
const docPath = path.join(root, 'docs', 'benchmarks.md');

const doc = renderBenchmarksDoc(results);
const readme = withCostTable(readFileSync(readmePath, 'utf8'), costTable(results));

if (process.argv.includes('--check')) {
  const stale = [
    readFileSync(docPath, 'utf8') === doc ? [] : ['docs/benchmarks.md'],
    readFileSync(readmePath, 'utf8') === readme ? [] : ['README.md'],
  ].flat();
  if (stale.length > 0) {
    console.error(`not what bench/results.json gives: ${stale.join(', ')}; run npm run docs:bench`);
    process.exitCode = 1;
  }
} else {
  writeFileSync(docPath, doc);
  writeFileSync(readmePath, readme);
  console.log('wrote docs/benchmarks.md and the cost table of README.md from bench/results.json');
}
