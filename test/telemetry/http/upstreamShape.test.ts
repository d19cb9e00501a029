import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { expect } from 'chai';
import { LeanHttpInstrumentation } from '../../../src/telemetry/http/LeanHttpInstrumentation.js';
import {
  KNOWN_LINES,
  UPSTREAM_METHODS,
  upstreamMismatch,
} from '../../../src/telemetry/http/upstreamShape.js';
import { NoEmitterBindingContextManager } from '../../../src/telemetry/NoEmitterBindingContextManager.js';
import { type Fingerprint, upstreamFingerprints } from './fixtures/upstreamFingerprint.js';

/**
 * The source of every private method LeanHttpInstrumentation overrides,
 * calls or reimplements, and of the attribute helpers it reimplements, as
 * reviewed against the lean path (the span diff test ran on each). A new
 * version, even a patch release, fails here until someone has diffed it.
 */
const PINNED: Readonly<Record<string, { esm: Fingerprint; cjs: Fingerprint }>> = {
  '0.223.0': {
    esm: {
      version: '0.223.0',
      methods: {
        _incomingRequestFunction: '29e5282709ceab1a',
        _getPatchIncomingRequestFunction: '3c7b84602226666e',
        _recordServerDuration: '3d941adf17ec1683',
        _onServerResponseFinish: '3a327e61c5cebad0',
        _onServerResponseError: '5675fbd7137ec524',
        _closeHttpSpan: '73372b198574eeb2',
        _startHttpSpan: 'e7fbd9e2451454d1',
        _updateMetricInstruments: '526a5af0813e46ec',
      },
      files: { 'internal-types': '445c9cefb65d3ffd', utils: 'c90c200654a57686' },
    },
    cjs: {
      version: '0.223.0',
      methods: {
        _incomingRequestFunction: '29e5282709ceab1a',
        _getPatchIncomingRequestFunction: '3c7b84602226666e',
        _recordServerDuration: '3d941adf17ec1683',
        _onServerResponseFinish: '3a327e61c5cebad0',
        _onServerResponseError: '5675fbd7137ec524',
        _closeHttpSpan: '73372b198574eeb2',
        _startHttpSpan: 'e7fbd9e2451454d1',
        _updateMetricInstruments: '526a5af0813e46ec',
      },
      files: { 'internal-types': '445c9cefb65d3ffd', utils: 'c90c200654a57686' },
    },
  },
  '0.301.0': {
    esm: {
      version: '0.301.0',
      methods: {
        _incomingRequestFunction: '4bb78c9f1ab8b976',
        _getPatchIncomingRequestFunction: '174662e09f7bf082',
        _recordServerDuration: 'c429ed27366dcdcf',
        _onServerResponseFinish: '108da4c05c60c449',
        _onServerResponseError: '2c6522897ffd9268',
        _closeHttpSpan: 'f620c6eab124b873',
        _startHttpSpan: '0fb4dbbac0711315',
        _updateMetricInstruments: '9f0b44db75eb7450',
      },
      files: { 'internal-types': '1b1b4d2885e0478b', utils: '5ef36d5074a80bb5' },
    },
    cjs: {
      version: '0.301.0',
      methods: {
        _incomingRequestFunction: '9deb7772f08f4813',
        _getPatchIncomingRequestFunction: '174662e09f7bf082',
        _recordServerDuration: 'c429ed27366dcdcf',
        _onServerResponseFinish: 'f5072be2628a7eb2',
        _onServerResponseError: '02cf208a571e7e7b',
        _closeHttpSpan: '813f42515cf83b38',
        _startHttpSpan: '27ebd9085e3776a2',
        _updateMetricInstruments: '09bd638662d2475c',
      },
      files: { 'internal-types': 'bad21250ce0d192b', utils: 'eeb4e768418f9994' },
    },
  },
};

const REVIEW =
  'LeanHttpInstrumentation (src/telemetry/http) reimplements it: diff the new upstream code against ' +
  'LeanHttpInstrumentation.ts and incomingAttributes.ts, run test/telemetry/http/LeanHttpInstrumentation.test.ts ' +
  'on this version, then pin the new hash here (or add the line to KNOWN_LINES in upstreamShape.ts).';

describe('LeanHttpInstrumentation upstream guard (instrumentation-http private methods)', () => {
  let installed: { esm: Fingerprint; cjs: Fingerprint };

  before(async () => {
    installed = await upstreamFingerprints(import.meta.url);
  });

  it('runs on a version whose source is pinned', () => {
    const { version } = installed.esm;
    expect(
      PINNED[version],
      `@opentelemetry/instrumentation-http ${version} has no pinned source hashes. ${REVIEW}`,
    ).to.not.equal(undefined);
  });

  for (const kind of ['esm', 'cjs'] as const) {
    it(`${kind}: every method the lean path depends on has the reviewed source text`, () => {
      const pinned = PINNED[installed[kind].version]?.[kind];
      if (pinned === undefined) throw new Error(`no pin for ${installed[kind].version}. ${REVIEW}`);
      for (const [name, hash] of Object.entries(pinned.methods)) {
        expect(
          installed[kind].methods[name],
          `@opentelemetry/instrumentation-http ${pinned.version} (${kind}) changed HttpInstrumentation.prototype.${name}: source hash ${installed[kind].methods[name]}, reviewed ${hash}. ${REVIEW}`,
        ).to.equal(hash);
      }
      for (const [file, hash] of Object.entries(pinned.files)) {
        expect(
          installed[kind].files[file],
          `@opentelemetry/instrumentation-http ${pinned.version} (${kind}) changed ${file} (getIncomingRequestAttributes and the helpers the lean path copies): hash ${installed[kind].files[file]}, reviewed ${hash}. ${REVIEW}`,
        ).to.equal(hash);
      }
    });
  }

  it('finds every overridden or called method with its arity on the installed class', () => {
    const prototype = HttpInstrumentation.prototype as unknown as Record<
      string,
      (...a: unknown[]) => unknown
    >;
    for (const [name, arity] of Object.entries(UPSTREAM_METHODS)) {
      expect(prototype[name], `HttpInstrumentation.prototype.${name} is gone. ${REVIEW}`).to.be.a(
        'function',
      );
      expect(
        prototype[name]?.length,
        `HttpInstrumentation.prototype.${name} changed its arity. ${REVIEW}`,
      ).to.equal(arity);
    }
    expect(upstreamMismatch(HttpInstrumentation.prototype, installed.esm.version).reason).to.equal(
      undefined,
    );
  });

  it('is on a known line, so the lean path is on (not silently the stock one)', () => {
    const lean = new LeanHttpInstrumentation({ enabled: false }, { warn: () => {} });
    expect(lean.upstreamProblem).to.equal(undefined);
    expect(KNOWN_LINES.some((l) => installed.esm.version.startsWith(l.prefix))).to.equal(true);
  });

  it('turns the lean path off, with a reason naming the method, when a private method changed arity', () => {
    const changed = Object.create(HttpInstrumentation.prototype) as Record<string, unknown>;
    changed._onServerResponseFinish = (_a: unknown) => undefined;
    expect(upstreamMismatch(changed, installed.esm.version).reason).to.match(
      /HttpInstrumentation\.prototype\._onServerResponseFinish takes 1 arguments/,
    );
    expect(upstreamMismatch(HttpInstrumentation.prototype, '0.999.0').reason).to.match(
      /0\.999\.0 is not a release line/,
    );
  });

  it('on the channel path the stock definitions patch the outgoing side only (they honour disableIncomingRequestInstrumentation)', () => {
    const enterContext = new NoEmitterBindingContextManager().enterer();
    const lean = new LeanHttpInstrumentation({ enabled: false }, { warn: () => {}, enterContext });
    expect(lean.channelPath).to.not.equal(undefined);
    expect(lean.getConfig().disableIncomingRequestInstrumentation).to.equal(true);
    const emit = () => true;
    const request = () => undefined;
    const get = () => undefined;
    class Server {}
    (Server.prototype as { emit?: unknown }).emit = emit;
    const fake = { request, get, Server };
    lean
      .getModuleDefinitions()
      .find((d) => d.name === 'http')
      ?.patch?.(fake);
    expect((Server.prototype as { emit?: unknown }).emit).to.equal(emit);
    expect(fake.request).to.not.equal(request);
    expect(fake.get).to.not.equal(get);
  });

  it('keeps the emit path when a config option needs the stock code', () => {
    const enterContext = new NoEmitterBindingContextManager().enterer();
    const lean = new LeanHttpInstrumentation(
      { enabled: false, requestHook: () => {} },
      { warn: () => {}, enterContext },
    );
    expect(lean.channelPath).to.equal(undefined);
    expect(lean.getConfig().disableIncomingRequestInstrumentation).to.not.equal(true);
  });

  it('warns once and stays the stock path on an unknown line', () => {
    const warnings: string[] = [];
    class FutureHttp extends LeanHttpInstrumentation {
      protected override upstreamVersion(): string {
        return '0.999.0';
      }
    }
    const future = new FutureHttp({ enabled: false }, { warn: (m) => warnings.push(m) });
    expect(future.upstreamProblem).to.match(/0\.999\.0/);
    expect(future.delegatesEverything).to.equal(true);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(/lean HTTP path is off, stock instrumentation-http in use/);
    expect(Object.hasOwn(future, '_incomingRequestFunction')).to.equal(false);
  });
});
