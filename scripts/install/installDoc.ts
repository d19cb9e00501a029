/**
 * `npm run docs:install`: writes docs/install.md from bench/install.json;
 * `--check` fails when the committed page is not what the figures give.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseInstallResults } from './InstallResults.js';
import { renderInstallDoc } from './renderInstallDoc.js';

// dist/scripts/install/ → the repository root, three folders up.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const docPath = path.join(root, 'docs', 'install.md');
const doc = renderInstallDoc(
  parseInstallResults(readFileSync(path.join(root, 'bench', 'install.json'), 'utf8')),
);

if (process.argv.includes('--check')) {
  if (readFileSync(docPath, 'utf8') !== doc) {
    console.error('docs/install.md is not what bench/install.json gives; run npm run docs:install');
    process.exitCode = 1;
  }
} else {
  writeFileSync(docPath, doc);
  console.log('wrote docs/install.md from bench/install.json');
}
