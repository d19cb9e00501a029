import { fork } from 'node:child_process';
import type http from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { SpanKind } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { type ReadableSpan, TracerProvider } from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import { LeanHttpInstrumentation } from '../../../src/telemetry/http/LeanHttpInstrumentation.js';
import { listen } from '../../support/listen.js';
import { DIFF_CASES } from './fixtures/diffCases.js';
import type { ExportedSpan } from './fixtures/exportedSpan.js';

type Variant = 'stock' | 'lean-otel' | 'lean-fast' | 'lean-dc';
const LEAN = ['lean-otel', 'lean-fast', 'lean-dc'] as const;
interface Side {
  readonly spans: ExportedSpan[];
  readonly metrics: string;
  readonly port: number;
  readonly served?: { lean: number; stock: number };
}

const CHILD = fileURLToPath(new URL('./fixtures/httpDiffChild.js', import.meta.url));
/** The trace ids the table sends in `traceparent`; any other trace id was generated. */
const SENT_TRACE_IDS = new Set([
  '0af7651916cd43dd8448eb211c80319c',
  '0af7651916cd43dd8448eb211c80319d',
]);

/** Runs one side of the diff in its own process. */
function runSide(variant: Variant, semconv: string | undefined): Promise<Side> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')),
  );
  if (semconv !== undefined) env.OTEL_SEMCONV_STABILITY_OPT_IN = semconv;
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [variant], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let side: Side | undefined;
    child.once('message', (m) => {
      side = m as Side;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (side !== undefined && code === 0) resolve(side);
      else reject(new Error(`the ${variant} side exited with ${code} before reporting`));
    });
  });
}

/** A span with what legitimately differs between two runs replaced by placeholders. */
function normalised(span: ExportedSpan, port: number): unknown {
  const attributes: Record<string, unknown> = { ...span.attributes };
  if ('network.peer.port' in attributes) attributes['network.peer.port'] = '<port>';
  if (attributes['server.port'] === port) attributes['server.port'] = '<port>';
  return {
    ...span,
    traceId: SENT_TRACE_IDS.has(span.traceId) ? span.traceId : '<generated>',
    spanId: '<generated>',
    attributes,
    // The stack holds the patched emit's file and line, which are not the same code.
    events: span.events.map((e) => ({
      ...e,
      attributes:
        e.attributes === undefined
          ? undefined
          : {
              ...e.attributes,
              'exception.stacktrace': String(e.attributes['exception.stacktrace']).split('\n')[0],
            },
    })),
  };
}

/**
 * The exposition with what legitimately differs replaced: the duration
 * bucket counts and sums (timings), and the order of the series within a
 * family (the SDK's is first-recorded order; merged series come after).
 * The `_count` of every series stays exact.
 */
function normalisedMetrics(text: string): string[] {
  const families: string[][] = [[]];
  for (const line of text.split('\n')) {
    if (line.startsWith('# HELP')) families.push([]);
    const timing = /^http_server_request_duration_(bucket|sum)\{/.test(line);
    const normal = timing ? line.replace(/ [0-9.e+-]+$/, ' <timing>') : line;
    (families[families.length - 1] as string[]).push(normal);
  }
  return families.flatMap((f) => [
    ...f.filter((l) => l.startsWith('#')),
    ...f.filter((l) => !l.startsWith('#')).sort(),
  ]);
}

for (const semconv of [undefined, 'http', 'http/dup']) {
  describe(`LeanHttpInstrumentation against HttpInstrumentation (OTEL_SEMCONV_STABILITY_OPT_IN=${semconv ?? 'unset'})`, function () {
    this.timeout(60_000);
    const sides = new Map<Variant, Side>();

    before(async () => {
      for (const variant of ['stock', ...LEAN] as const) {
        sides.set(variant, await runSide(variant, semconv));
      }
    });

    const side = (v: Variant) => sides.get(v) as Side;

    it('sees one server span per traced request of the table on every side', () => {
      // The ignored path makes no span; every other case one, unless Node refused it (a 400 before 'request').
      const stock = side('stock').spans;
      expect(stock.length).to.be.within(DIFF_CASES.length - 3, DIFF_CASES.length - 1);
      for (const v of LEAN) expect(side(v).spans).to.have.length(stock.length);
    });

    for (const v of LEAN) {
      it(`${v}: every span is the stock one (attributes and their order, events, status, kind, name, parent, links)`, () => {
        const stock = side('stock');
        const lean = side(v);
        const expected = stock.spans.map((s) => normalised(s, stock.port));
        const actual = lean.spans.map((s) => normalised(s, lean.port));
        for (let i = 0; i < expected.length; i++) {
          expect(
            actual[i],
            `span ${i} (${JSON.stringify((expected[i] as ExportedSpan).attributes['url.path'])})`,
          ).to.deep.equal(expected[i]);
        }
      });
    }

    for (const v of LEAN) {
      it(`${v}: /metrics is the stock exposition, the same series with the same counts`, () => {
        expect(normalisedMetrics(side(v).metrics)).to.deep.equal(
          normalisedMetrics(side('stock').metrics),
        );
      });
      it(`${v}: a thrown class is the error_type the dashboard counts, on the stock path as on the lean one`, () => {
        const boom = (text: string) =>
          text
            .split('\n')
            .find((l) => /^http_server_request_duration_count\{.*http_route="\/boom"/.test(l));
        expect(boom(side('stock').metrics)).to.include('error_type="Error"');
        expect(boom(side(v).metrics)).to.include('error_type="Error"');
      });
    }

    for (const v of LEAN) {
      it(`${v}: the lean path served the ordinary requests, the stock path only those it is not sure of`, () => {
        // Forwarded, absolute-form, dot segments, %2e, //, odd characters, OPTIONS *; the
        // table's /metrics is ignored by the lean path itself. A request Node refused counts nowhere.
        const served = side(v).served as { lean: number; stock: number };
        expect(served.stock).to.be.within(4, 7);
        expect(served.lean).to.be.at.least(DIFF_CASES.length - 8);
      });
    }

    it('the table reaches the paths the diff is about', () => {
      const stock = side('stock').spans;
      const attr = (k: string) => stock.map((s) => s.attributes[k]);
      expect(attr('http.request.method')).to.include.members(['GET', 'POST', 'DELETE', '_OTHER']);
      expect(attr('http.response.status_code')).to.include.members([200, 201, 404, 405, 500]);
      expect(attr('url.query')).to.include(
        'sig=REDACTED&x=1&y=+a+b&z=&X-Amz-Signature=REDACTED&e=',
      );
      expect(attr('server.address')).to.include.members([
        '[::1]',
        'api.example.com',
        'fwd.example.com',
      ]);
      expect(stock.some((s) => s.parent?.isRemote === true && s.traceFlags === 0)).to.equal(true);
      expect(stock.some((s) => s.parent?.isRemote === true && s.traceFlags === 1)).to.equal(true);
      expect(stock.some((s) => s.events.some((e) => e.name === 'exception'))).to.equal(true);
    });
  });
}

describe('LeanHttpInstrumentation: outgoing requests (issue 23)', () => {
  /** The CLIENT spans one GET to a local server makes under `instrumentation`, normalised. */
  async function clientSpans(instrumentation: HttpInstrumentation): Promise<unknown[]> {
    const spans: ReadableSpan[] = [];
    const provider = new TracerProvider({
      spanProcessors: [
        {
          onStart: () => {},
          onEnd: (span) => spans.push(span),
          forceFlush: () => Promise.resolve(),
          shutdown: () => Promise.resolve(),
        },
      ],
    });
    instrumentation.setTracerProvider(provider);
    instrumentation.enable();
    // The patch applies when node:http is required again (as startTelemetry does).
    const patched = createRequire(import.meta.url)('node:http') as typeof http;
    const server = await listen((_req, res) => res.end('ok'));
    try {
      await new Promise<void>((resolve, reject) => {
        patched
          .get(`${server.url}/target?q=1`, (res) => {
            res.resume();
            res.on('end', () => resolve());
          })
          .on('error', reject);
      });
    } finally {
      instrumentation.disable();
      await server.close();
    }
    const port = new URL(server.url).port;
    return spans
      .filter((s) => s.kind === SpanKind.CLIENT)
      .map((s) => ({
        name: s.name,
        kind: s.kind,
        status: s.status,
        scope: s.instrumentationScope.name,
        attributes: Object.fromEntries(
          Object.entries(s.attributes).map(([k, v]) => [
            k,
            k.endsWith('port') ? '<port>' : String(v).replaceAll(port, '<port>'),
          ]),
        ),
      }));
  }

  it('makes the stock CLIENT span of an outgoing node:http request (the lean path is incoming only)', async () => {
    const stock = await clientSpans(new HttpInstrumentation({ enabled: false }));
    const lean = await clientSpans(new LeanHttpInstrumentation({ enabled: false }));
    expect(stock).to.have.length(1);
    expect(lean).to.deep.equal(stock);
  });
});
