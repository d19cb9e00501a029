import { type Context, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type Span,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import { LiveRequests } from '../../src/inflight/LiveRequests.js';
import type { RedactQueryMode } from '../../src/privacy/RedactionSettings.js';

const URL_FULL = 'http://alice:pa55word@127.0.0.1:1/up?token=s3cr3t&user=bob';
const QUERY = 'token=s3cr3t&password=hunter2&user=bob';

/** Feeds `live` as the dashboard's processor does, before the app's own exporter. */
function feeding(live: LiveRequests<ReadableSpan>): SpanProcessor {
  return {
    onStart: (span: Span, _context: Context) => live.started(span as unknown as ReadableSpan),
    onEnd: (span: ReadableSpan) => live.ended(span),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

/** A request with a client call, through the real SDK: the app's exporter and the ring both see it. */
function emit(mode: RedactQueryMode | undefined) {
  const live = new LiveRequests<ReadableSpan>(mode === undefined ? {} : { redactQuery: mode });
  const exported = new InMemorySpanExporter();
  const provider = new TracerProvider({
    spanProcessors: [feeding(live), new SimpleSpanProcessor({ exporter: exported })],
  });
  const tracer = provider.getTracer('test');
  const server = tracer.startSpan('GET', {
    kind: SpanKind.SERVER,
    attributes: { 'url.query': QUERY, 'http.target': `/ok?${QUERY}` },
  });
  // No context manager here: the parent is given explicitly.
  const parent = trace.setSpan(context.active(), server);
  // Some instrumentations (and apps) name a span after its URL.
  tracer
    .startSpan(
      `GET ${URL_FULL}`,
      { kind: SpanKind.CLIENT, attributes: { 'url.full': URL_FULL } },
      parent,
    )
    .end();
  server.setStatus({ code: SpanStatusCode.ERROR, message: `GET ${URL_FULL} failed` });
  server.end();
  const traceId = exported.getFinishedSpans()[0]?.spanContext().traceId ?? '';
  const held = live.traces.get(traceId)?.spans ?? [];
  return { exported: exported.getFinishedSpans(), held };
}

describe('LiveRequests', () => {
  describe('#ended', () => {
    it('holds a redacted copy of each span, sensitive by default', () => {
      const { held } = emit(undefined);
      const [client, server] = held;
      expect(client?.attributes['url.full']).to.equal(
        'http://REDACTED:REDACTED@127.0.0.1:1/up?token=REDACTED&user=bob',
      );
      expect(server?.attributes['url.query']).to.equal('token=REDACTED&password=REDACTED&user=bob');
      expect(server?.attributes['http.target']).to.equal(
        '/ok?token=REDACTED&password=REDACTED&user=bob',
      );
      expect(client?.name).to.equal(
        'GET http://REDACTED:REDACTED@127.0.0.1:1/up?token=REDACTED&user=bob',
      );
      expect(server?.statusMessage).to.equal(
        'GET http://REDACTED:REDACTED@127.0.0.1:1/up?token=REDACTED&user=bob failed',
      );
    });

    it('leaves the spans the app’s exporters get as the SDK made them', () => {
      const { exported } = emit('all');
      const [client, server] = exported;
      expect(client?.attributes['url.full']).to.equal(URL_FULL);
      expect(server?.attributes['url.query']).to.equal(QUERY);
      expect(server?.status.message).to.equal(`GET ${URL_FULL} failed`);
    });

    it('masks every value with all, and holds the attributes themselves with off', () => {
      expect(emit('all').held[1]?.attributes['url.query']).to.equal(
        'token=REDACTED&password=REDACTED&user=REDACTED',
      );
      const off = emit('off');
      expect(off.held[1]?.attributes).to.equal(off.exported[1]?.attributes);
    });
  });
});
