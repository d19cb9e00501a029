import { type Attributes, SpanKind } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { HistogramMetricData, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { expect } from 'chai';
import {
  RECEIVED_INSTANCE_LIMIT,
  ReceivedDurationHistogram,
} from '../../../src/telemetry/http/ReceivedDurationHistogram.js';
import type { RequestSpan } from '../../../src/telemetry/RequestSpan.js';
import { spanToRequest } from '../../../src/telemetry/spanToRequest.js';

/** A received SERVER span of `instance`, as the receiver decodes it. */
function received(instance: string, attributes: Attributes, ms = 12): RequestSpan {
  return {
    kind: SpanKind.SERVER,
    attributes: {
      'http.request.method': 'GET',
      'url.scheme': 'http',
      'network.protocol.version': '1.1',
      ...attributes,
    },
    endTime: [1_800_000_000, 0],
    duration: [0, ms * 1e6],
    events: [],
    status: {},
    spanContext: () => ({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
    }),
    resource: { attributes: { 'service.name': 'shop', 'service.instance.id': instance } },
  };
}

/** Records `span` as the receiver does: the store's record of it, then the span. */
function feed(histogram: ReceivedDurationHistogram, span: RequestSpan): void {
  histogram.record(span, spanToRequest(span) as NonNullable<ReturnType<typeof spanToRequest>>);
}

/** The data points of `http.server.request.duration` after a merge into an empty collection. */
function points(histogram: ReceivedDurationHistogram): HistogramMetricData['dataPoints'] {
  const resourceMetrics: ResourceMetrics = {
    resource: resourceFromAttributes({}),
    scopeMetrics: [],
  };
  histogram.mergeInto(resourceMetrics);
  const metric = resourceMetrics.scopeMetrics[0]?.metrics[0] as HistogramMetricData | undefined;
  return metric?.dataPoints ?? [];
}

describe('ReceivedDurationHistogram', () => {
  describe('#record', () => {
    it('keeps one series set per instance, labelled with its service and instance', () => {
      const histogram = new ReceivedDurationHistogram({ scopeVersion: '0.223.0' });
      for (let i = 0; i < 3; i++)
        feed(histogram, received('w1', { 'http.route': '/a', 'http.response.status_code': 200 }));
      feed(histogram, received('w2', { 'http.route': '/a', 'http.response.status_code': 200 }));
      const byInstance = Object.fromEntries(
        points(histogram).map((p) => [p.attributes['service.instance.id'], p.value.count]),
      );
      expect(byInstance).to.deep.equal({ w1: 3, w2: 1 });
      expect(points(histogram)[0]?.attributes).to.deep.equal({
        'http.request.method': 'GET',
        'url.scheme': 'http',
        'network.protocol.version': '1.1',
        'http.route': '/a',
        'http.response.status_code': 200,
        'service.name': 'shop',
        'service.instance.id': 'w1',
      });
    });

    it("gives a failed request the store's error type, as the dashboard's errors.by_type groups it", () => {
      const histogram = new ReceivedDurationHistogram({ scopeVersion: '0.223.0' });
      const cases: [Attributes, string | undefined][] = [
        [
          { 'http.route': '/boom', 'http.response.status_code': 500, 'error.type': 'BoomError' },
          'BoomError',
        ],
        [
          {
            'http.route': '/bad',
            'http.response.status_code': 422,
            'error.type': 'ValidationError',
          },
          'ValidationError',
        ],
        // No class: a 5xx keeps instrumentation-http's status (the dashboard's `HTTP 503`), a 4xx none.
        [{ 'http.route': '/busy', 'http.response.status_code': 503 }, '503'],
        [{ 'http.route': '/none', 'http.response.status_code': 404 }, undefined],
        [
          { 'http.route': '/ok', 'http.response.status_code': 200, 'error.type': 'Ignored' },
          undefined,
        ],
      ];
      for (const [attributes] of cases) feed(histogram, received('w1', attributes));
      const byRoute = Object.fromEntries(
        points(histogram).map((p) => [p.attributes['http.route'], p.attributes['error.type']]),
      );
      expect(byRoute).to.deep.equal(
        Object.fromEntries(cases.map(([a, type]) => [a['http.route'], type])),
      );
    });

    it('takes the thrown class over a status-code error.type, as the store does', () => {
      const histogram = new ReceivedDurationHistogram({ scopeVersion: '0.223.0' });
      const span = received('w1', {
        'http.route': '/boom',
        'http.response.status_code': 500,
        'error.type': '500',
      });
      feed(histogram, {
        ...span,
        events: [{ name: 'exception', attributes: { 'exception.type': 'ModelError' } }],
      });
      expect(points(histogram)[0]?.attributes['error.type']).to.equal('ModelError');
    });

    it("gives a response that failed before any status the span's error type, and no status", () => {
      const histogram = new ReceivedDurationHistogram({ scopeVersion: '0.223.0' });
      feed(histogram, received('w1', { 'http.route': '/up', 'error.type': 'Error' }));
      const attributes = points(histogram)[0]?.attributes ?? {};
      expect(attributes['error.type']).to.equal('Error');
      expect(attributes).to.not.have.property('http.response.status_code');
    });

    it('leaves http.route out for an unmatched request', () => {
      const histogram = new ReceivedDurationHistogram({ scopeVersion: '0.223.0' });
      feed(histogram, received('w1', { 'http.response.status_code': 404 }));
      expect(points(histogram)[0]?.attributes).to.not.have.property('http.route');
    });

    it(`folds instances past ${RECEIVED_INSTANCE_LIMIT} into one overflow series, every request still counted`, () => {
      const histogram = new ReceivedDurationHistogram({ scopeVersion: '0.223.0' });
      const extra = 5;
      for (let i = 0; i < RECEIVED_INSTANCE_LIMIT + extra; i++) {
        feed(
          histogram,
          received(`w${i}`, { 'http.route': '/a', 'http.response.status_code': 200 }),
        );
      }
      expect(histogram.instanceCount).to.equal(RECEIVED_INSTANCE_LIMIT);
      const all = points(histogram);
      expect(all.reduce((n, p) => n + p.value.count, 0)).to.equal(RECEIVED_INSTANCE_LIMIT + extra);
      const overflow = all.filter((p) => p.attributes['otel.metric.overflow'] === true);
      expect(overflow.map((p) => p.value.count)).to.deep.equal([extra]);
    });
  });
});
