import { register } from 'node:module';
import { appLocation } from '../telemetry/clients/clientInstrumentations.js';
import { esmHooksWanted } from './esmHooksWanted.js';

/**
 * Modules whose ESM namespace the hooks must see; everything else loads
 * untouched. Bare names match the app's own imports; the patterns match
 * files a package imports by a relative path (NestJS 12 and Hono's
 * routers).
 */
export const ESM_HOOKED_MODULES: readonly (string | RegExp)[] = [
  'koa',
  // The clients whose instrumentation patches the package's main export
  // (clientInstrumentations): an ESM app's `import` of them bypasses `require`.
  'ioredis',
  'pg',
  'mysql2',
  'redis',
  '@redis/client',
  'mongodb',
  /\/node_modules\/@nestjs\/core\/(exceptions\/exceptions-handler|router\/routes-resolver)\.js$/,
  /\/node_modules\/hono\/dist\/router\/[a-z-]+\/router\.js$/,
];

// Process-wide, like the loader it guards: a symbol from the global registry,
// so a second copy of this package does not register the loader twice.
const REGISTERED = Symbol.for('golden-signals.esm-hooks');

/**
 * Registers import-in-the-middle's loader for the modules the route hooks
 * patch through their ESM entry (Koa's `dist/koa.mjs` loads its Application
 * class without `require`; NestJS 12 and Hono are ESM throughout). Call it once, from an `--import` preload, before
 * the app is imported; CommonJS apps do not need it, and Express and Fastify
 * never do. Later calls do nothing. Nothing is registered when the app at
 * `from` has none of the hooked packages installed (esmHooksWanted): the
 * loader runs on a thread of its own, a V8 isolate kept for the process's
 * life.
 */
export function registerEsmHooks(from: string = appLocation()): void {
  const slot = globalThis as { [REGISTERED]?: true };
  if (slot[REGISTERED] || !esmHooksWanted(from)) return;
  slot[REGISTERED] = true;
  register('import-in-the-middle/hook.mjs', import.meta.url, {
    data: { include: [...ESM_HOOKED_MODULES] },
  });
}
