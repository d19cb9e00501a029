import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { parseInstallResults } from '../../scripts/install/InstallResults.js';
import { renderInstallDoc } from '../../scripts/install/renderInstallDoc.js';

// dist/test/scripts/ → the repository root.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('installDoc (npm run docs:install)', () => {
  const text = read('bench/install.json');
  const results = parseInstallResults(text);

  it('docs/install.md is what the generator writes from bench/install.json', () => {
    // On failure: measure with scripts/install/measureInstall.ts, then npm run docs:install.
    expect(read('docs/install.md')).to.equal(renderInstallDoc(results));
  });

  it('has a before and an after; every after installs no gRPC and warns of no install script', () => {
    const labels = Object.keys(results);
    expect(labels.filter((l) => l.startsWith('before'))).to.not.be.empty;
    const afters = labels.filter((l) => l.startsWith('after'));
    expect(afters).to.not.be.empty;
    for (const label of afters) {
      expect(results[label]?.grpc_installed, label).to.equal(false);
      expect(results[label]?.install_script_warning, label).to.equal(false);
    }
  });

  it('takes every figure from the results, so a changed figure changes the page', () => {
    const changed = JSON.parse(text) as Record<string, { packages: number }>;
    (Object.values(changed)[0] as { packages: number }).packages += 1000;
    expect(renderInstallDoc(parseInstallResults(JSON.stringify(changed)))).to.not.equal(
      renderInstallDoc(results),
    );
  });

  it('rejects a result with a missing figure, naming it', () => {
    const broken = JSON.parse(text) as Record<string, Record<string, unknown>>;
    const [label, first] = Object.entries(broken)[0] as [string, Record<string, unknown>];
    delete first.idle_rss_mb_with;
    expect(() => parseInstallResults(JSON.stringify(broken))).to.throw(
      TypeError,
      `${label}: missing or wrong idle_rss_mb_with`,
    );
  });
});
