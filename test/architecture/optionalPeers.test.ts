import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** What ships: the library's sources and its two entries. */
const SHIPPED = ['src', 'instrumentation.ts', 'bin.ts'];

/** Every TypeScript file of `entry` (a file or a folder). */
function sources(entry: string): string[] {
  if (entry.endsWith('.ts')) return [join(ROOT, entry)];
  return readdirSync(join(ROOT, entry), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(ROOT, entry, name));
}

/** The specifiers a file loads at run time: `import … from` and `export … from`, not `import type`. */
function runtimeSpecifiers(text: string): string[] {
  return [...text.matchAll(/^\s*(import|export)\b(?!\s+type\b)[^;]*?\bfrom\s+'([^']+)'/gms)].map(
    (m) => m[2] as string,
  );
}

describe('optional peers (issue 25, a light install)', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
    peerDependenciesMeta: Record<string, { optional?: boolean }>;
  };
  const optional = Object.keys(pkg.peerDependenciesMeta).filter(
    (name) => pkg.peerDependenciesMeta[name]?.optional === true,
  );

  it('keeps every OTLP exporter but the forwarder’s, and both propagators, optional; sdk-node is no peer', () => {
    expect(optional).to.include.members([
      '@opentelemetry/exporter-trace-otlp-grpc',
      '@opentelemetry/exporter-trace-otlp-http',
      '@opentelemetry/exporter-metrics-otlp-grpc',
      '@opentelemetry/exporter-metrics-otlp-http',
      '@opentelemetry/exporter-metrics-otlp-proto',
      '@opentelemetry/propagator-b3',
      '@opentelemetry/propagator-jaeger',
    ]);
    expect(pkg.peerDependencies).to.not.have.property('@opentelemetry/sdk-node');
    expect(Object.keys(pkg.dependencies).filter((n) => n.includes('grpc'))).to.deep.equal([]);
  });

  it('never loads an optional peer, sdk-node or gRPC with a static import (only on demand, when named)', () => {
    const banned = (s: string) =>
      optional.some((name) => s === name || s.startsWith(`${name}/`)) ||
      s.startsWith('@opentelemetry/sdk-node') ||
      s.startsWith('@grpc/');
    const found = SHIPPED.flatMap(sources).flatMap((file) =>
      runtimeSpecifiers(readFileSync(file, 'utf8'))
        .filter(banned)
        .map((s) => `${relative(ROOT, file)} imports ${s}`),
    );
    expect(found).to.deep.equal([]);
  });
});
