import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { type Env, loadConfig } from '../../src/config.js';
import { environmentOf } from '../../src/environmentOf.js';

// dist/test/ → the repository root.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The library's sources: everything that ships. */
const LIBRARY_SOURCES = ['src', 'instrumentation.ts', 'bin.ts'];
/** Where the demo lives: `demo/`, and `src/service/` until it has moved there. */
const DEMO_DIRS = ['demo', 'src/service'];
const OURS = /^(?:GOLDEN_SIGNALS|OTEL)_[A-Z0-9_]*[A-Z0-9]$/;

/** Every `.ts` file under `entry` (a file or a folder), relative to the root. */
function typeScriptFiles(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return [];
  if (full.endsWith('.ts')) return [entry];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(entry, name));
}

function source(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8');
}

/** The variables `load(env)` reads, recorded by an environment that answers nothing. */
function namesRead(load: (env: Env) => unknown, env: Env): Set<string> {
  const seen = new Set<string>();
  const recording = new Proxy(env, {
    get(target, name) {
      if (typeof name === 'string') seen.add(name);
      return Reflect.get(target, name);
    },
  });
  try {
    load(recording);
  } catch {
    // A bad value still shows which names were read up to it.
  }
  return seen;
}

/** Environments that take each branch that reads more names: OTLP on, over HTTP and over gRPC. */
const VARIANTS: Env[] = [
  {},
  { OTEL_TRACES_EXPORTER: 'memory,otlp', OTEL_METRICS_EXPORTER: 'otlp' },
  { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
  { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'grpc' },
];

/** The names the demo's sources read: `env.X`, `env['X']`, `read(env, 'X')`, `process.env.X`. */
function demoNamesInSource(text: string): string[] {
  const patterns = [
    /\benv\.([A-Z][A-Z0-9_]*)\b/g,
    /\benv\[\s*'([A-Z][A-Z0-9_]*)'\s*\]/g,
    /\(\s*env\s*,\s*'([A-Z][A-Z0-9_]*)'/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1] ?? ''));
}

/** The names read by the demo's `load…Config(env)` functions, run from their build in dist/. */
async function demoNamesRead(files: readonly string[]): Promise<string[]> {
  const names: string[] = [];
  for (const file of files) {
    const loaders = [...source(file).matchAll(/export function (load\w*Config)\(/g)].map(
      (m) => m[1] ?? '',
    );
    if (loaders.length === 0) continue;
    const built = path.join(ROOT, 'dist', file.replace(/\.ts$/, '.js'));
    const module = (await import(pathToFileURL(built).href)) as Record<string, unknown>;
    for (const name of loaders) {
      const load = module[name];
      if (typeof load === 'function') names.push(...namesRead(load as (env: Env) => unknown, {}));
    }
  }
  return names;
}

/** The section of configuration.md from its "The demo's settings" heading to the next `##`. */
function demoSection(markdown: string): string {
  const start = markdown.indexOf("## The demo's settings");
  if (start < 0) return '';
  const next = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, next < 0 ? undefined : next);
}

describe('the configuration and its documentation', () => {
  const configuration = readFileSync(path.join(ROOT, 'docs', 'configuration.md'), 'utf8');
  const documented = (text: string) => (name: string) => text.includes(`\`${name}\``);
  const read = new Set(VARIANTS.flatMap((env) => [...namesRead(loadConfig, env)]));
  const named = new Set(
    LIBRARY_SOURCES.flatMap(typeScriptFiles).flatMap((file) =>
      [...source(file).matchAll(/\b(?:GOLDEN_SIGNALS|OTEL)_[A-Z0-9_]+\b/g)].map(
        (match) => match[0],
      ),
    ),
  );

  it('reads only GOLDEN_SIGNALS_* and OTEL_* variables', () => {
    expect(read.size).to.be.greaterThan(30);
    expect([...read].filter((name) => !OURS.test(name))).to.deep.equal([]);
  });

  it('documents in docs/configuration.md every variable the configuration reads', () => {
    expect([...read].filter((name) => !documented(configuration)(name))).to.deep.equal([]);
  });

  it("documents in docs/configuration.md every variable the library's sources name", () => {
    const names = [...named].filter((name) => OURS.test(name));
    expect(names.length).to.be.greaterThan(30);
    expect(names.filter((name) => !documented(configuration)(name))).to.deep.equal([]);
  });

  it("documents every variable the demo reads under The demo's settings", async () => {
    const files = DEMO_DIRS.flatMap(typeScriptFiles);
    const names = new Set([
      ...files.flatMap((file) => demoNamesInSource(source(file))),
      ...(await demoNamesRead(files)),
    ]);
    const own = [...names].filter((name) => !OURS.test(name));
    if (files.length > 0) expect(own).to.include.members(['PORT', 'HOST']);
    expect(own.filter((name) => !documented(demoSection(configuration))(name))).to.deep.equal([]);
    expect(
      [...names].filter((name) => OURS.test(name) && !documented(configuration)(name)),
    ).to.deep.equal([]);
  });

  it("passes none of the app's own variables on to the configuration", () => {
    const env = environmentOf({
      env: {
        PORT: ':8080',
        DASHBOARD_TOKEN: 'x',
        GOLDEN_SIGNALS_PORT: '0',
        OTEL_SERVICE_NAME: 's',
      },
    });
    expect(env).to.deep.equal({ GOLDEN_SIGNALS_PORT: '0', OTEL_SERVICE_NAME: 's' });
  });
});
