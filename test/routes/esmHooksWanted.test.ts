import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ESM_HOOKED_PACKAGES, esmHooksWanted } from '../../src/routes/esmHooksWanted.js';
import { ESM_HOOKED_MODULES } from '../../src/routes/registerEsmHooks.js';

/** A folder holding `packages` in its node_modules, and an app script in `app/`. */
function appWith(root: string, packages: readonly string[]): string {
  for (const name of packages) {
    const dir = path.join(root, 'node_modules', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name }));
  }
  mkdirSync(path.join(root, 'app'), { recursive: true });
  return path.join(root, 'app', 'server.mjs');
}

describe('esmHooksWanted', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'esm-hooks-wanted-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is false for an app whose node_modules holds none of the hooked packages', () => {
    expect(esmHooksWanted(appWith(root, ['express']))).to.equal(false);
  });

  for (const name of ESM_HOOKED_PACKAGES) {
    it(`is true when ${name} is installed above the app`, () => {
      expect(esmHooksWanted(appWith(root, ['express', name]))).to.equal(true);
    });
  }

  it('is true when no node_modules is visible at all (nothing to tell: the hooks stay on)', () => {
    mkdirSync(path.join(root, 'app'));
    const script = path.join(root, 'app', 'server.mjs');
    expect(esmHooksWanted(script)).to.equal(true);
  });

  it('names every package whose modules the hooks watch', () => {
    for (const entry of ESM_HOOKED_MODULES) {
      const name =
        typeof entry === 'string'
          ? entry
          : /\\\/node_modules\\\/((?:@[a-z]+\\\/)?[a-z-]+)\\\//
              .exec(entry.source)?.[1]
              ?.replaceAll('\\/', '/');
      expect(ESM_HOOKED_PACKAGES, String(entry)).to.include(name);
    }
  });
});
