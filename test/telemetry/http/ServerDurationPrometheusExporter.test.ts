import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { expect } from 'chai';
import protobuf from 'protobufjs';
import { loadPrometheusProtoFiles } from '../../../scripts/loadPrometheusProtoFiles.js';
import { ReceivedDurationHistogram } from '../../../src/telemetry/http/ReceivedDurationHistogram.js';
import {
  SERVER_DURATION_BOUNDARIES,
  ServerDurationHistogram,
} from '../../../src/telemetry/http/ServerDurationHistogram.js';
import { ServerDurationPrometheusExporter } from '../../../src/telemetry/http/ServerDurationPrometheusExporter.js';
import { NATIVE_SCHEMA } from '../../../src/telemetry/prometheus/ExponentialBuckets.js';
import { PROTOBUF_EXPOSITION_TYPE } from '../../../src/telemetry/prometheus/encodeProtobufExposition.js';
import type { RequestSpan } from '../../../src/telemetry/RequestSpan.js';
import { spanToRequest } from '../../../src/telemetry/spanToRequest.js';
import { nativeQuantile } from '../prometheus/nativeQuantile.js';

/** A SERVER span of `/c` that worker `w1` sent, `ms` long. */
function workerSpan(ms: number): RequestSpan {
  return {
    kind: SpanKind.SERVER,
    attributes: {
      'http.request.method': 'GET',
      'url.scheme': 'http',
      'network.protocol.version': '1.1',
      'http.route': '/c',
      'http.response.status_code': 200,
    },
    endTime: [1_800_000_000, 0],
    duration: [0, Math.round(ms * 1e6)],
    events: [],
    status: {},
    spanContext: () => ({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
    }),
    resource: { attributes: { 'service.name': 'shop', 'service.instance.id': 'w1' } },
  };
}

/** What Prometheus 2.42 sends with --enable-feature=native-histograms. */
const NATIVE_ACCEPT =
  'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

interface DecodedExemplar {
  label: { name: string; value: string }[];
  value: number;
  timestamp?: { seconds: number; nanos?: number };
}
interface DecodedHistogram {
  sampleCount: number;
  sampleSum: number;
  bucket: { cumulativeCount: number; upperBound: number; exemplar?: DecodedExemplar }[];
  exemplars?: DecodedExemplar[];
  schema?: number;
  zeroThreshold?: number;
  zeroCount?: number;
  positiveSpan?: { offset?: number; length?: number }[];
  positiveDelta?: number[];
}
interface DecodedFamily {
  name: string;
  type: string;
  metric: { label: { name: string; value: string }[]; histogram?: DecodedHistogram }[];
}

/** Decodes a delimited exposition with the official proto, read from the vendored .proto file. */
function decodeFamilies(body: Uint8Array): DecodedFamily[] {
  const type = loadPrometheusProtoFiles().lookupType('io.prometheus.client.MetricFamily');
  const reader = protobuf.Reader.create(body);
  const families: DecodedFamily[] = [];
  while (reader.pos < reader.len) {
    families.push(
      type.toObject(type.decodeDelimited(reader), {
        longs: Number,
        enums: String,
        defaults: false,
      }) as DecodedFamily,
    );
  }
  return families;
}

describe('ServerDurationPrometheusExporter', () => {
  let server: http.Server;
  let url: string;
  let provider: MeterProvider;
  const durations = new ServerDurationHistogram({ scopeVersion: '0.223.0' });
  // 100 requests of 1 ms to 1 s on /a (200), three of 20 ms on /b (500, an error type).
  const sent = Array.from({ length: 100 }, (_, i) => 0.001 * 1000 ** (i / 99));
  // And 40 requests of 100 to 139 ms that a cluster worker served, received over OTLP.
  const received = new ReceivedDurationHistogram({ scopeVersion: '0.223.0' });
  const workerMs = Array.from({ length: 40 }, (_, i) => 100 + i);

  before(async () => {
    const exporter = new ServerDurationPrometheusExporter(durations, { preventServerStart: true });
    exporter.addSeries(received);
    for (const ms of workerMs) {
      const span = workerSpan(ms);
      received.record(span, spanToRequest(span) as NonNullable<ReturnType<typeof spanToRequest>>);
    }
    provider = new MeterProvider({ readers: [exporter] });
    for (const s of sent) durations.record(s, 'GET', 'http', '1.1', '/a', 200, undefined);
    for (let i = 0; i < 3; i++) {
      durations.record(0.02, 'POST', 'http', '1.1', '/b', 500, '500', `${i}`.repeat(32));
    }
    provider.getMeter('other').createCounter('jobs').add(7, { queue: 'q"1' });
    server = http.createServer((req, res) => exporter.serve(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await provider.shutdown();
  });

  describe('#serve', () => {
    it('answers the text exposition, classic buckets only, to a scraper that does not ask for protobuf', async () => {
      const res = await fetch(url, { headers: { accept: 'text/plain;version=0.0.4' } });
      expect(res.headers.get('content-type')).to.match(/^text\/plain/);
      const text = await res.text();
      expect(text).to.include('# TYPE http_server_request_duration histogram');
      expect(text).to.match(/http_server_request_duration_count\{[^}]*http_route="\/a"[^}]*\} 100/);
    });

    it('answers the delimited protobuf exposition, which the official proto decodes', async () => {
      const res = await fetch(url, { headers: { accept: NATIVE_ACCEPT } });
      expect(res.headers.get('content-type')).to.equal(PROTOBUF_EXPOSITION_TYPE);
      const families = decodeFamilies(new Uint8Array(await res.arrayBuffer()));
      const text = await (await fetch(url)).text();
      // The same families as the text answer, under the same names.
      const textNames = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]);
      expect(families.map((f) => [f.name, f.type.toLowerCase()])).to.deep.equal(textNames);
      const jobs = families.find((f) => f.name === 'jobs_total');
      expect(jobs?.metric[0]?.label).to.deep.include({ name: 'queue', value: 'q"1' });
    });

    it('serves each duration series as a native histogram beside its classic buckets', async () => {
      const res = await fetch(url, { headers: { accept: NATIVE_ACCEPT } });
      const family = decodeFamilies(new Uint8Array(await res.arrayBuffer())).find(
        (f) => f.name === 'http_server_request_duration',
      );
      const byRoute = new Map(
        family?.metric.map((m) => [m.label.find((l) => l.name === 'http_route')?.value, m]),
      );
      const a = byRoute.get('/a')?.histogram as DecodedHistogram;
      expect(a.sampleCount).to.equal(100);
      expect(a.sampleSum).to.be.closeTo(
        sent.reduce((x, y) => x + y, 0),
        1e-9,
      );
      expect(a.bucket.map((b) => b.upperBound)).to.deep.equal([
        ...SERVER_DURATION_BOUNDARIES,
        Number.POSITIVE_INFINITY,
      ]);
      expect(a.bucket.at(-1)?.cumulativeCount).to.equal(100);
      expect(a.schema).to.equal(NATIVE_SCHEMA);
      const deltas = a.positiveDelta ?? [];
      let count = 0;
      let inBuckets = 0;
      for (const d of deltas) {
        count += d;
        inBuckets += count;
      }
      expect(inBuckets + (a.zeroCount ?? 0)).to.equal(100);
      expect((a.positiveSpan ?? []).reduce((s, span) => s + (span.length ?? 0), 0)).to.equal(
        deltas.length,
      );
      const p95 = nativeQuantile(0.95, {
        schema: a.schema ?? 0,
        zeroThreshold: a.zeroThreshold ?? 0,
        zeroCount: a.zeroCount ?? 0,
        spans: (a.positiveSpan ?? []).map((s) => ({
          offset: s.offset ?? 0,
          length: s.length ?? 0,
        })),
        deltas,
      });
      const exact = sent[94] as number;
      expect(Math.abs(p95 - exact) / exact).to.be.at.most(0.02);
      const b = byRoute.get('/b');
      expect(b?.label).to.deep.include({ name: 'error_type', value: '500' });
      expect(b?.histogram?.sampleCount).to.equal(3);
      expect(b?.histogram?.positiveDelta).to.deep.equal([3]);
      // The first traced request of its classic bucket (0.01 < 0.02 <= 0.025) since the previous scrape.
      const withExemplar = b?.histogram?.bucket.filter((x) => x.exemplar !== undefined);
      expect(withExemplar?.map((x) => x.upperBound)).to.deep.equal([0.025]);
      const exemplar = withExemplar?.[0]?.exemplar;
      expect(exemplar?.label).to.deep.equal([{ name: 'trace_id', value: '0'.repeat(32) }]);
      expect(exemplar?.value).to.equal(0.02);
      expect(exemplar?.timestamp?.seconds).to.be.greaterThan(0);
      expect(b?.histogram?.exemplars).to.deep.equal([exemplar]);
      // Requests recorded without a trace id carry none.
      expect(a.bucket.some((x) => x.exemplar !== undefined)).to.equal(false);
    });

    it("serves a received instance's series (a cluster worker's) as a native histogram too", async () => {
      const res = await fetch(url, { headers: { accept: NATIVE_ACCEPT } });
      const family = decodeFamilies(new Uint8Array(await res.arrayBuffer())).find(
        (f) => f.name === 'http_server_request_duration',
      );
      const worker = family?.metric.find((m) =>
        m.label.some((l) => l.name === 'service_instance_id' && l.value === 'w1'),
      );
      expect(worker?.label).to.deep.include({ name: 'http_route', value: '/c' });
      const h = worker?.histogram as DecodedHistogram;
      expect(h.sampleCount).to.equal(workerMs.length);
      expect(h.schema).to.equal(NATIVE_SCHEMA);
      const deltas = h.positiveDelta ?? [];
      const p95 = nativeQuantile(0.95, {
        schema: h.schema ?? 0,
        zeroThreshold: h.zeroThreshold ?? 0,
        zeroCount: h.zeroCount ?? 0,
        spans: (h.positiveSpan ?? []).map((x) => ({
          offset: x.offset ?? 0,
          length: x.length ?? 0,
        })),
        deltas,
      });
      const exact = (workerMs[37] as number) / 1000;
      expect(Math.abs(p95 - exact) / exact).to.be.at.most(0.02);
    });

    it("renews a bucket's exemplar with the first traced request after a scrape", async () => {
      durations.record(0.021, 'POST', 'http', '1.1', '/b', 500, '500', '9'.repeat(32));
      durations.record(0.022, 'POST', 'http', '1.1', '/b', 500, '500', '8'.repeat(32));
      const res = await fetch(url, { headers: { accept: NATIVE_ACCEPT } });
      const b = decodeFamilies(new Uint8Array(await res.arrayBuffer()))
        .find((f) => f.name === 'http_server_request_duration')
        ?.metric.find((m) => m.label.some((l) => l.value === '/b'));
      const exemplar = b?.histogram?.bucket.find((x) => x.exemplar !== undefined)?.exemplar;
      expect(exemplar?.label).to.deep.equal([{ name: 'trace_id', value: '9'.repeat(32) }]);
      expect(exemplar?.value).to.equal(0.021);
    });
  });
});
