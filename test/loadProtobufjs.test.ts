import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { loadProtobufjs } from '../src/loadProtobufjs.js';

const PRELOAD = fileURLToPath(new URL('../instrumentation.js', import.meta.url));

/** The packages of `names` a process started under the preload has loaded once it idles. */
function loadedUnderPreload(names: readonly string[]): string[] {
  const script = `setTimeout(() => {
    const loaded = Object.keys(require.cache);
    console.log(JSON.stringify(${JSON.stringify(names)}.filter((n) => loaded.some((k) => k.includes('/node_modules/' + n + '/')))));
    process.exit(0);
  }, 200);`;
  const out = execFileSync(process.execPath, ['--import', PRELOAD, '-e', script], {
    env: { ...process.env, GOLDEN_SIGNALS_PORT: '0' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '[]') as string[];
}

describe('loadProtobufjs', () => {
  it('gives protobufjs, the same module on every call', () => {
    const first = loadProtobufjs();
    expect(first.Root).to.be.a('function');
    expect(loadProtobufjs()).to.equal(first);
  });

  it('is not called by an idle process under the preload: protobufjs stays unloaded', () => {
    expect(loadedUnderPreload(['protobufjs', '@datadog/sketches-js'])).to.deep.equal([
      '@datadog/sketches-js',
    ]);
  });
});
