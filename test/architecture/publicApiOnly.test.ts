import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

/** The repository's `demo/` folder, from `dist/test/architecture/`. */
const DEMO = fileURLToPath(new URL('../../../demo/', import.meta.url));

/** `from '…'`, a bare `import '…'`, and `import('…')`: every module specifier in a source text. */
const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(?\s*)(['"])([^'"]+)\1/g;

/** The module specifiers of every TypeScript file below `dir`, by file. */
function specifiersBelow(dir: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts')) continue;
    const file = path.join(dir, entry);
    const text = readFileSync(file, 'utf8');
    found.set(
      file,
      [...text.matchAll(SPECIFIER)].map((m) => m[2] as string),
    );
  }
  return found;
}

/** Why `specifier`, imported by `file`, is not allowed in the demo; undefined when it is. */
function violation(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) {
    const target = path.resolve(path.dirname(file), specifier);
    return target.startsWith(DEMO) ? undefined : 'reaches outside demo/';
  }
  if (specifier.startsWith('golden-signals/')) return 'is not the public entry';
  return undefined;
}

describe('the demo', () => {
  const specifiers = specifiersBelow(DEMO);

  it('imports the library only through its public entry, `golden-signals`', () => {
    const bad: string[] = [];
    for (const [file, list] of specifiers) {
      for (const specifier of list) {
        const why = violation(file, specifier);
        if (why !== undefined) bad.push(`${path.relative(DEMO, file)}: '${specifier}' ${why}`);
      }
    }
    expect(bad).to.deep.equal([]);
  });

  it('is found and does import the library (the check above is not vacuous)', () => {
    expect(specifiers.size).to.be.greaterThan(5);
    const all = [...specifiers.values()].flat();
    expect(all).to.include('golden-signals');
    expect(all).to.include('./app.js');
  });

  it('flags a path into src/ and a deep import', () => {
    const server = path.join(DEMO, 'server.ts');
    expect(violation(server, '../src/index.js')).to.equal('reaches outside demo/');
    expect(violation(server, 'golden-signals/dist/src/config.js')).to.equal(
      'is not the public entry',
    );
    expect(violation(server, './app.js')).to.equal(undefined);
  });
});
