import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The packages whose ESM entry the module hooks patch (registerEsmHooks):
 * the frameworks whose routes are read there and the clients whose
 * instrumentation patches the package's main export.
 */
export const ESM_HOOKED_PACKAGES: readonly string[] = [
  'koa',
  '@nestjs/core',
  'hono',
  'ioredis',
  'pg',
  'mysql2',
  'redis',
  '@redis/client',
  'mongodb',
];

/**
 * Whether the app at `from` (its entry script, or a file in its directory)
 * needs the module hooks: true when one of `packages` is in a `node_modules`
 * folder above it, and true too when no `node_modules` folder is there at
 * all (Yarn Plug'n'Play, a bundle: nothing to tell, so the hooks stay on).
 * False only when the app's packages are visible and none of these is
 * among them: then the loader thread of `module.register` (about 7 MB
 * resident) would watch imports it can never patch.
 */
export function esmHooksWanted(
  from: string,
  packages: readonly string[] = ESM_HOOKED_PACKAGES,
): boolean {
  let sawNodeModules = false;
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    const modules = path.join(dir, 'node_modules');
    if (existsSync(modules)) {
      sawNodeModules = true;
      if (packages.some((name) => existsSync(path.join(modules, name, 'package.json')))) {
        return true;
      }
    }
    if (path.dirname(dir) === dir) return !sawNodeModules;
  }
}
