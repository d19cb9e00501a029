import { expect } from 'chai';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import type { RequestsReport } from '../../src/dashboard/queries/requestsQuery.js';
import { type ChildService, startChildService, waitFor } from '../support/childService.js';
import {
  type CollectedSpan,
  OtlpCollectorDouble,
  SPAN_KIND_SERVER,
} from '../support/OtlpCollectorDouble.js';
import { OtlpGrpcCollectorDouble } from '../support/OtlpGrpcCollectorDouble.js';
import { parsePrometheusText, sumOf } from '../support/prometheusText.js';
import { getJson, postJson } from '../support/testApp.js';

const SERVICE_NAME = 'otlp-test-service';
const VALID = 9;
const INVALID = 3;
const N = VALID + INVALID;

/** Sends the known traffic: VALID predictions (200), then INVALID empty bodies (422), one at a time. */
async function sendKnownTraffic(url: string): Promise<void> {
  for (let i = 0; i < VALID; i++) {
    const res = await postJson(`${url}/predict`, { text: `request ${i} is good` });
    expect(res.status).to.equal(200);
    await res.arrayBuffer();
  }
  for (let i = 0; i < INVALID; i++) {
    const res = await postJson(`${url}/predict`, {});
    expect(res.status).to.equal(422);
    await res.arrayBuffer();
  }
}

/** The overview's `telemetry.otlp`, once nothing is pending any more. */
async function settledOtlp(url: string): Promise<NonNullable<OverviewReport['telemetry']['otlp']>> {
  return waitFor('the OTLP pipeline to settle', async () => {
    const otlp = (await getJson<OverviewReport>(`${url}/dashboard/overview`)).telemetry.otlp;
    expect(otlp).to.not.equal(null);
    return otlp !== null && otlp.pending_spans === 0 && otlp.exported_spans + otlp.failed_spans > 0
      ? otlp
      : undefined;
  });
}

/** Asserts the receiver got exactly the known traffic: N server spans of /predict, by status. */
function expectKnownSpans(spans: readonly CollectedSpan[]): void {
  expect(spans).to.have.length(N);
  const statuses: Record<string, number> = {};
  for (const span of spans) {
    expect(span.kind).to.equal(SPAN_KIND_SERVER);
    expect(span.resource['service.name']).to.equal(SERVICE_NAME);
    expect(span.attributes['http.route']).to.equal('/predict');
    expect(span.attributes['http.request.method']).to.equal('POST');
    expect(span.name).to.equal('POST /predict');
    expect(span.traceId).to.match(/^[0-9a-f]{32}$/);
    const status = span.attributes['http.response.status_code'];
    expect(status).to.be.a('number');
    statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
  }
  expect(statuses).to.deep.equal({ '200': VALID, '422': INVALID });
  expect(new Set(spans.map((s) => s.traceId)).size).to.equal(N);
}

const PROTOCOLS = [
  {
    protocol: 'http/protobuf',
    contentType: 'application/x-protobuf',
    // The base endpoint: the exporter appends /v1/traces.
    env: (receiver: OtlpCollectorDouble) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }),
  },
  {
    protocol: 'http/json',
    contentType: 'application/json',
    // The signal endpoint: used as it is.
    env: (receiver: OtlpCollectorDouble) => ({
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`,
    }),
  },
] as const;

for (const { protocol, contentType, env } of PROTOCOLS) {
  describe(`OTEL_TRACES_EXPORTER=memory,otlp over ${protocol}, to a real OTLP receiver`, () => {
    let receiver: OtlpCollectorDouble;
    let service: ChildService;

    before(async () => {
      receiver = await OtlpCollectorDouble.start();
      service = await startChildService({
        ...env(receiver),
        OTEL_TRACES_EXPORTER: 'memory,otlp',
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_EXPORTER_OTLP_HEADERS: 'x-test-token=secret-1,x-team=signals',
        OTEL_SERVICE_NAME: SERVICE_NAME,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        PREDICT_LATENCY_MS: '0',
        PREDICT_FAILURE_RATE: '0',
      });
      await sendKnownTraffic(service.url);
      await waitFor('N spans at the receiver', async () =>
        receiver.spans.length >= N ? true : undefined,
      );
    });

    after(async () => {
      await service?.stop();
      await receiver?.close();
    });

    it('delivers exactly N server spans, each with http.route, status code and service.name', async () => {
      // Settled: every span the service sent has been answered, so no more can arrive.
      const otlp = await settledOtlp(service.url);
      expect(receiver.errors).to.deep.equal([]);
      expectKnownSpans(receiver.spans);
      expect(otlp).to.deep.equal({
        exported_spans: N,
        failed_spans: 0,
        dropped_spans: 0,
        pending_spans: 0,
      });
    });

    it('counts the same N on the dashboard', async () => {
      const r = await getJson<RequestsReport>(`${service.url}/dashboard/requests?period=1h`);
      expect(r.total).to.equal(N);
      expect(r.by_status).to.deep.equal({ '200': VALID, '422': INVALID });
      expect(r.by_endpoint).to.deep.equal({ '/predict': N });
    });

    it(`sends ${contentType} to /v1/traces with the OTEL_EXPORTER_OTLP_HEADERS`, () => {
      expect(receiver.requests.length).to.be.greaterThan(0);
      for (const request of receiver.requests) {
        expect(request.path).to.equal('/v1/traces');
        expect(request.contentType).to.equal(contentType);
        expect(request.headers['x-test-token']).to.equal('secret-1');
        expect(request.headers['x-team']).to.equal('signals');
      }
    });

    it('exports only sampled spans: a request with traceparent flags 00 is counted, not sent', async () => {
      const res = await fetch(`${service.url}/predict`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00',
        },
        body: JSON.stringify({ text: 'not sampled' }),
      });
      expect(res.status).to.equal(200);
      await res.arrayBuffer();
      const r = await getJson<RequestsReport>(`${service.url}/dashboard/requests?period=1h`);
      expect(r.total).to.equal(N + 1);
      // Nothing was queued for it: the OTLP pipeline still holds exactly N, all exported.
      const otlp = (await getJson<OverviewReport>(`${service.url}/dashboard/overview`)).telemetry
        .otlp;
      expect(otlp).to.deep.equal({
        exported_spans: N,
        failed_spans: 0,
        dropped_spans: 0,
        pending_spans: 0,
      });
    });
  });
}

describe('OTEL_TRACES_EXPORTER=memory,otlp over grpc, to a real OTLP/gRPC receiver', () => {
  let receiver: OtlpGrpcCollectorDouble;
  let service: ChildService;

  before(async () => {
    receiver = await OtlpGrpcCollectorDouble.start();
    service = await startChildService({
      OTEL_TRACES_EXPORTER: 'memory,otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-test-token=secret-1',
      OTEL_SERVICE_NAME: SERVICE_NAME,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      PREDICT_LATENCY_MS: '0',
      PREDICT_FAILURE_RATE: '0',
    });
    await sendKnownTraffic(service.url);
    await waitFor('N spans at the receiver', async () =>
      receiver.spans.length >= N ? true : undefined,
    );
  });

  after(async () => {
    await service?.stop();
    await receiver?.close();
  });

  it('delivers exactly N server spans, with the headers as gRPC metadata', async () => {
    const otlp = await settledOtlp(service.url);
    expect(receiver.errors).to.deep.equal([]);
    expectKnownSpans(receiver.spans);
    expect(otlp).to.deep.include({ exported_spans: N, failed_spans: 0, dropped_spans: 0 });
    expect(receiver.metadata.length).to.be.greaterThan(0);
    for (const metadata of receiver.metadata) {
      expect(metadata.get('x-test-token')).to.deep.equal(['secret-1']);
    }
  });

  it('counts the same N on the dashboard', async () => {
    const r = await getJson<RequestsReport>(`${service.url}/dashboard/requests?period=1h`);
    expect(r.total).to.equal(N);
  });
});

describe('OTEL_TRACES_EXPORTER=otlp alone', () => {
  let receiver: OtlpCollectorDouble;
  let service: ChildService;

  before(async () => {
    receiver = await OtlpCollectorDouble.start();
    service = await startChildService({
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      PREDICT_LATENCY_MS: '0',
      PREDICT_FAILURE_RATE: '0',
    });
    await sendKnownTraffic(service.url);
    await waitFor('N spans at the receiver', async () =>
      receiver.spans.length >= N ? true : undefined,
    );
  });

  after(async () => {
    await service?.stop();
    await receiver?.close();
  });

  it('sends the spans to the receiver', () => {
    expect(receiver.errors).to.deep.equal([]);
    expect(receiver.spans.map((s) => s.attributes['http.route'])).to.deep.equal(
      Array.from({ length: N }, () => '/predict'),
    );
  });

  it('answers 503 on every /dashboard route, with the message naming the setting', async () => {
    for (const path of ['overview', 'requests', 'latency', 'errors']) {
      const res = await fetch(`${service.url}/dashboard/${path}`);
      expect(res.status).to.equal(503);
      expect(await res.json()).to.deep.equal({
        error: 'in-memory exporter disabled (OTEL_TRACES_EXPORTER=otlp)',
      });
    }
  });

  it('keeps /health and /health/ready at 200', async () => {
    expect((await fetch(`${service.url}/health`)).status).to.equal(200);
    const ready = await getJson(`${service.url}/health/ready`);
    expect(ready).to.include({ status: 'ready', active_requests: 0 });
  });

  it('still serves /metrics with the OTLP counters and the route-labelled histogram', async () => {
    const otlp = { exporter: 'otlp' };
    // The receiver has the spans; the exporter counts them once their answer is back.
    const samples = await waitFor('the exported counter to reach N', async () => {
      const res = await fetch(`${service.url}/metrics`);
      expect(res.status).to.equal(200);
      const parsed = parsePrometheusText(await res.text());
      return sumOf(parsed, 'golden_signals_spans_exported_total', otlp) >= N ? parsed : undefined;
    });
    expect(sumOf(samples, 'golden_signals_spans_exported_total', otlp)).to.equal(N);
    expect(sumOf(samples, 'golden_signals_spans_failed_total', otlp)).to.equal(0);
    expect(sumOf(samples, 'golden_signals_spans_dropped_total', otlp)).to.equal(0);
    const count = 'http_server_request_duration_count';
    const predict = { http_route: '/predict' };
    expect(sumOf(samples, count, { ...predict, http_response_status_code: '200' })).to.equal(VALID);
    expect(sumOf(samples, count, { ...predict, http_response_status_code: '422' })).to.equal(
      INVALID,
    );
  });
});

interface JsonDataPoint {
  attributes?: { key: string; value: { stringValue?: string } }[];
  count?: number | string;
}
interface JsonMetrics {
  resourceMetrics?: {
    scopeMetrics?: {
      metrics?: { name: string; unit?: string; histogram?: { dataPoints?: JsonDataPoint[] } }[];
    }[];
  }[];
}

/** The cumulative count of http.server.request.duration for a route in one OTLP/JSON metrics request. */
function durationCount(body: JsonMetrics, route: string): number {
  let count = 0;
  for (const rm of body.resourceMetrics ?? []) {
    for (const sm of rm.scopeMetrics ?? []) {
      for (const metric of sm.metrics ?? []) {
        if (metric.name !== 'http.server.request.duration') continue;
        expect(metric.unit).to.equal('s');
        for (const point of metric.histogram?.dataPoints ?? []) {
          const attrs = Object.fromEntries(
            (point.attributes ?? []).map((a) => [a.key, a.value.stringValue]),
          );
          if (attrs['http.route'] === route) count += Number(point.count ?? 0);
        }
      }
    }
  }
  return count;
}

describe('OTEL_METRICS_EXPORTER=otlp over http/json, to a real OTLP receiver', () => {
  let receiver: OtlpCollectorDouble;
  let service: ChildService;

  before(async () => {
    receiver = await OtlpCollectorDouble.start();
    service = await startChildService({
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_METRIC_EXPORT_INTERVAL: '200',
      PREDICT_LATENCY_MS: '0',
      PREDICT_FAILURE_RATE: '0',
    });
    await sendKnownTraffic(service.url);
  });

  after(async () => {
    await service?.stop();
    await receiver?.close();
  });

  it('pushes the duration histogram with the route label, counting every request', async () => {
    const count = await waitFor('a metrics push with all N requests', async () => {
      const latest = receiver.metrics.at(-1) as JsonMetrics | undefined;
      const c = latest === undefined ? 0 : durationCount(latest, '/predict');
      return c >= N ? c : undefined;
    });
    expect(count).to.equal(N);
    expect(receiver.errors).to.deep.equal([]);
  });

  it('leaves GET /metrics off (503), as Prometheus is not configured', async () => {
    expect((await fetch(`${service.url}/metrics`)).status).to.equal(503);
  });
});
