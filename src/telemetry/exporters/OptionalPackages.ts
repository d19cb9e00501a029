/**
 * Loads, when the configuration names them, the packages a zero-code install
 * does not carry: the OTLP exporters other than the forwarder's, gRPC, the B3
 * and Jaeger propagators. They are optional peers of golden-signals, so an app
 * that never exports installs none of them (issue 25, a light install).
 *
 * They load with the package's own `require`, at start: the composition
 * (`startGoldenSignals`, `createGoldenSignals`) is synchronous public API, and
 * the SDK must be registered before the app's first import. Every OpenTelemetry
 * package ships a CommonJS build, and the API keeps its globals and context
 * keys on `Symbol.for`, so a CommonJS exporter beside our ESM SDK shares them.
 */

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Where a missing package is reported: once per package, with the command that installs it. */
export interface MissingPackageLogger {
  warn(message: string): void;
}

/** The error Node gives when a package itself, not one of its files, cannot be found. */
function isMissing(err: unknown, name: string): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return (
    (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') &&
    err instanceof Error &&
    err.message.includes(`'${name}'`)
  );
}

/**
 * The version in the package.json of `name` above its resolved entry `file`:
 * the 3.x packages export only `.`, so `name/package.json` cannot be required.
 */
function versionOf(file: string, name: string): string | undefined {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === name) return pkg.version;
  }
  return undefined;
}

/** One process's loader of optional packages; reports each missing one once. */
export class OptionalPackages {
  private readonly require: NodeRequire;
  private readonly reported = new Set<string>();

  /**
   * @param log where a missing package is said (stderr under the preload)
   * @param from the module whose lookup finds the packages: ours, so the app's node_modules is searched as for any peer
   */
  constructor(
    private readonly log: MissingPackageLogger,
    from: string | URL = import.meta.url,
  ) {
    this.require = createRequire(from);
  }

  /**
   * The package `name`'s exports, or undefined when it is not installed (or
   * fails to load): then, once, a warning saying what needed it, that it is
   * off, and the `npm install` that brings it. Never throws.
   * @param purpose what asked for it, e.g. `OTEL_TRACES_EXPORTER=otlp over grpc`
   */
  load<T>(name: string, purpose: string): T | undefined {
    try {
      return this.require(name) as T;
    } catch (err) {
      if (this.reported.has(name)) return undefined;
      this.reported.add(name);
      const why = isMissing(err, name)
        ? `it is not installed. Install it beside golden-signals: npm install ${this.installSpec(name)}`
        : `it failed to load: ${err instanceof Error ? err.message : String(err)}`;
      this.log.warn(
        `WARNING: ${purpose} needs the package ${name}, and ${why}. Until then that part is off; the dashboard keeps counting.`,
      );
      return undefined;
    }
  }

  /**
   * `name@version` in the OpenTelemetry line already installed, so npm adds a
   * matching copy: the experimental (0.x) packages follow
   * `@opentelemetry/instrumentation`, the stable ones `@opentelemetry/core`.
   */
  private installSpec(name: string): string {
    if (!name.startsWith('@opentelemetry/')) return name;
    const version = (pkg: string): string | undefined => {
      try {
        return versionOf(this.require.resolve(pkg), pkg);
      } catch {
        return undefined;
      }
    };
    const experimental = version('@opentelemetry/instrumentation');
    const stable = version('@opentelemetry/core');
    const stableNames = /^@opentelemetry\/(propagator-|exporter-zipkin$)/;
    const line = stableNames.test(name) ? stable : experimental;
    return line === undefined ? name : `${name}@${line}`;
  }
}
