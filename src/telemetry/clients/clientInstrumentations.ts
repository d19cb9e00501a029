/**
 * The client instrumentations the preload turns on (issue 23): fetch
 * (undici), pg, mysql2, ioredis, redis and mongodb, each an optional peer
 * of golden-signals. One is loaded only when both its client and its
 * instrumentation resolve from the app, so an app pays only for what it
 * uses. A client installed without its instrumentation is said once, in
 * one line with the `npm install` that brings every missing one. The HTTP
 * client side needs nothing here: the HTTP instrumentation (lean or stock)
 * makes the stock CLIENT spans of outgoing `node:http` requests.
 */

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Instrumentation } from '@opentelemetry/instrumentation';

/** One client library and the OpenTelemetry instrumentation that makes its CLIENT spans. */
export interface ClientInstrumentationSpec {
  /** What the user knows it as: `fetch`, `pg`, `ioredis`, … */
  readonly client: string;
  /** Any of these resolving from the app means the client is installed; none: built into Node. */
  readonly clientPackages: readonly string[];
  /** The instrumentation's package. */
  readonly instrumentation: string;
  /** Its class, as the package exports it. */
  readonly exportName: string;
  /** The instrumentation's release for each OpenTelemetry line (by `@opentelemetry/instrumentation` 0.2xx / 0.30x). */
  readonly versions: { readonly '2': string; readonly '3': string };
}

/** The clients golden-signals turns on, in the order their instrumentations register. */
export const CLIENT_INSTRUMENTATIONS: readonly ClientInstrumentationSpec[] = Object.freeze([
  {
    client: 'fetch',
    clientPackages: [],
    instrumentation: '@opentelemetry/instrumentation-undici',
    exportName: 'UndiciInstrumentation',
    versions: { '2': '0.33.0', '3': '0.34.0' },
  },
  {
    client: 'pg',
    clientPackages: ['pg'],
    instrumentation: '@opentelemetry/instrumentation-pg',
    exportName: 'PgInstrumentation',
    versions: { '2': '0.76.0', '3': '0.77.0' },
  },
  {
    client: 'mysql2',
    clientPackages: ['mysql2'],
    instrumentation: '@opentelemetry/instrumentation-mysql2',
    exportName: 'MySQL2Instrumentation',
    versions: { '2': '0.69.0', '3': '0.70.0' },
  },
  {
    client: 'ioredis',
    clientPackages: ['ioredis'],
    instrumentation: '@opentelemetry/instrumentation-ioredis',
    exportName: 'IORedisInstrumentation',
    versions: { '2': '0.71.0', '3': '0.72.0' },
  },
  {
    client: 'redis',
    clientPackages: ['redis', '@redis/client'],
    instrumentation: '@opentelemetry/instrumentation-redis',
    exportName: 'RedisInstrumentation',
    versions: { '2': '0.71.0', '3': '0.72.0' },
  },
  {
    client: 'mongodb',
    clientPackages: ['mongodb'],
    instrumentation: '@opentelemetry/instrumentation-mongodb',
    exportName: 'MongoDBInstrumentation',
    versions: { '2': '0.76.0', '3': '0.77.0' },
  },
]);

/** What {@link clientInstrumentations} found. */
export interface ClientInstrumentations {
  /** The instrumentations to register, one per installed client whose instrumentation is installed too. */
  readonly instrumentations: Instrumentation[];
  /** The clients turned on, for the start-up notice and the tests. */
  readonly enabled: readonly string[];
  /** The one warning line when installed clients lack their instrumentation; undefined when none does. */
  readonly missing: string | undefined;
}

/** Where the app's packages are looked up: beside its entry script, else the working directory. */
export function appLocation(argv: readonly string[] = process.argv): string {
  const entry = argv[1];
  return entry === undefined || entry === ''
    ? path.join(process.cwd(), 'package.json')
    : path.resolve(entry);
}

/** True when `name` resolves from `require`. */
function resolves(require: NodeRequire, name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** The version in the manifest of `name` above its resolved entry (the 3.x packages export only `.`). */
function versionOf(require: NodeRequire, name: string): string | undefined {
  let dir: string;
  try {
    dir = path.dirname(require.resolve(name));
  } catch {
    return undefined;
  }
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === name) return pkg.version;
  }
  return undefined;
}

/** The OpenTelemetry line of the `@opentelemetry/instrumentation` the app resolves, when known. */
function otelLine(require: NodeRequire): '2' | '3' | undefined {
  const version = versionOf(require, '@opentelemetry/instrumentation');
  if (version?.startsWith('0.2')) return '2';
  if (version?.startsWith('0.30')) return '3';
  return undefined;
}

/** `npm install …` for the missing instrumentations, in the app's OpenTelemetry line when known. */
function installCommand(require: NodeRequire, specs: readonly ClientInstrumentationSpec[]): string {
  const line = otelLine(require);
  const names = specs.map((s) =>
    line === undefined ? s.instrumentation : `${s.instrumentation}@${s.versions[line]}`,
  );
  return `npm install ${names.join(' ')}`;
}

/**
 * A `require` that looks in the app first, then beside golden-signals: the
 * two are one lookup when golden-signals is installed in the app, and differ
 * when the preload comes from elsewhere (a global install, a checkout).
 */
function lookup(app: NodeRequire, ours: NodeRequire): NodeRequire {
  const resolve = (name: string): string => {
    try {
      return app.resolve(name);
    } catch {
      return ours.resolve(name);
    }
  };
  const both = ((name: string): unknown => app(resolve(name))) as NodeRequire;
  return Object.assign(both, {
    resolve,
    cache: app.cache,
    main: app.main,
    extensions: app.extensions,
  });
}

/** The exported class of a loaded instrumentation package. */
type InstrumentationClass = new () => Instrumentation;

/**
 * The instrumentations of the clients installed in the app at `from`
 * (a file path or URL whose `require` sees the app's node_modules; then
 * golden-signals' own location, `own`), and the
 * one line saying which installed clients lack theirs. A package that
 * resolves but fails to load is said in the same line, and skipped. Never
 * throws.
 * @param specs the clients to look for (all of {@link CLIENT_INSTRUMENTATIONS} by default)
 */
export function clientInstrumentations(
  from: string | URL = appLocation(),
  specs: readonly ClientInstrumentationSpec[] = CLIENT_INSTRUMENTATIONS,
  own: string | URL = import.meta.url,
): ClientInstrumentations {
  const require = lookup(createRequire(from), createRequire(own));
  const instrumentations: Instrumentation[] = [];
  const enabled: string[] = [];
  const absent: ClientInstrumentationSpec[] = [];
  const broken: string[] = [];
  for (const spec of specs) {
    const installed =
      spec.clientPackages.length === 0 || spec.clientPackages.some((p) => resolves(require, p));
    if (!installed) continue;
    if (!resolves(require, spec.instrumentation)) {
      absent.push(spec);
      continue;
    }
    try {
      const loaded = require(spec.instrumentation) as Record<string, unknown>;
      const Class = loaded[spec.exportName] as InstrumentationClass | undefined;
      if (typeof Class !== 'function') throw new Error(`it exports no ${spec.exportName}`);
      instrumentations.push(new Class());
      enabled.push(spec.client);
    } catch (err) {
      broken.push(
        `${spec.instrumentation} failed to load (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`,
      );
    }
  }
  const parts: string[] = [];
  if (absent.length > 0) {
    const clients = absent.map((s) => s.client).join(', ');
    parts.push(
      `${clients} ${absent.length === 1 ? 'is' : 'are'} installed without ${absent.length === 1 ? 'its' : 'their'} OpenTelemetry instrumentation, so ${absent.length === 1 ? 'its' : 'their'} calls are not among the dependencies; install beside golden-signals: ${installCommand(require, absent)}`,
    );
  }
  if (broken.length > 0) parts.push(broken.join('; '));
  const missing =
    parts.length === 0
      ? undefined
      : `WARNING: ${parts.join('. ')} (GOLDEN_SIGNALS_CLIENT_INSTRUMENTATIONS=off turns the client instrumentations off).`;
  return { instrumentations, enabled, missing };
}
