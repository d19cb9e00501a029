import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Every TypeScript file below `dir`, recursively. */
function sourcesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesBelow(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The module specifiers of a file's `import … from` and `export … from` lines. */
function specifiersOf(text: string): string[] {
  return [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gms)].map(
    (m) => m[1] as string,
  );
}

/** Files below `folder` whose imports reach into one of `forbidden` (folders of src/). */
function crossings(folder: string, forbidden: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of sourcesBelow(join(ROOT, folder))) {
    for (const specifier of specifiersOf(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const target = relative(join(ROOT, 'src'), join(file, '..', specifier));
      if (forbidden.some((f) => target === f || target.startsWith(`${f}/`))) {
        found.push(`${relative(ROOT, file)} imports ${specifier}`);
      }
    }
  }
  return found;
}

describe('import boundaries', () => {
  it('src/dashboard/queries imports nothing from telemetry/ or cluster/ (shared types live in reportInputs/)', () => {
    expect(crossings('src/dashboard/queries', ['telemetry', 'cluster'])).to.deep.equal([]);
  });

  it('src/reportInputs imports nothing from the folders that produce or read its types', () => {
    expect(
      crossings('src/reportInputs', ['telemetry', 'cluster', 'dashboard', 'receiver', 'store']),
    ).to.deep.equal([]);
  });

  it('src/cluster, src/telemetry and src/receiver import nothing from dashboard/', () => {
    const found = ['src/cluster', 'src/telemetry', 'src/receiver'].flatMap((folder) =>
      crossings(folder, ['dashboard']),
    );
    expect(found).to.deep.equal([]);
  });

  it('finds a crossing when there is one (the scan itself works)', () => {
    expect(crossings('src/telemetry', ['reportInputs'])).to.not.deep.equal([]);
  });
});
