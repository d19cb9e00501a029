import type { IncomingMessage, ServerResponse } from 'node:http';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import type { CollectionResult } from '@opentelemetry/sdk-metrics';
import { acceptsProtobufExposition } from '../prometheus/acceptsProtobufExposition.js';
import {
  encodeProtobufExposition,
  type NativeSeries,
  PROTOBUF_EXPOSITION_TYPE,
  seriesKey,
} from '../prometheus/encodeProtobufExposition.js';
import {
  SERVER_DURATION_BOUNDARIES,
  SERVER_DURATION_METRIC,
  type ServerDurationHistogram,
} from './ServerDurationHistogram.js';

/** The options of PrometheusExporter. */
type ExporterConfig = ConstructorParameters<typeof PrometheusExporter>[0];

/** The family name the exporter writes `http.server.request.duration` under. */
const DURATION_FAMILY = SERVER_DURATION_METRIC.replace(/[^a-z0-9_]/gi, '_');

/**
 * The Prometheus exporter, whose every collection carries the series of a
 * {@link ServerDurationHistogram} in instrumentation-http's
 * `http.server.request.duration`: the exposition of the stock histogram,
 * from a histogram that costs less per request. To a scraper that asks for
 * the protobuf exposition (Prometheus with native histograms on), it answers
 * that, with the duration series as native histograms too.
 */
export class ServerDurationPrometheusExporter extends PrometheusExporter {
  /** The text the protobuf answer is built from: the exporter's own, default options (ours). */
  private readonly text = new PrometheusSerializer();

  constructor(
    private readonly durations: ServerDurationHistogram,
    config: ExporterConfig = {},
  ) {
    super(config);
  }

  override async collect(
    options?: Parameters<PrometheusExporter['collect']>[0],
  ): Promise<CollectionResult> {
    const result = await super.collect(options);
    this.durations.mergeInto(result.resourceMetrics);
    return result;
  }

  /** Serves `/metrics`: protobuf with native histograms if the Accept header asks for it, else the stock text. */
  serve(req: IncomingMessage, res: ServerResponse): void {
    if (!acceptsProtobufExposition(req.headers.accept)) {
      this.getMetricsRequestHandler(req, res);
      return;
    }
    this.collect().then(
      ({ resourceMetrics }) => {
        const native = new Map<string, NativeSeries>();
        for (const s of this.durations.nativeSeries()) {
          const labels = Object.entries(s.attributes).map(([k, v]): [string, string] => [
            k.replace(/[^a-z0-9_]/gi, '_').replace(/_{2,}/g, '_'),
            typeof v === 'string' ? v : JSON.stringify(v),
          ]);
          native.set(seriesKey(labels), {
            count: s.count,
            buckets: s.native.snapshot(),
            exemplars: Array.from({ length: SERVER_DURATION_BOUNDARIES.length + 1 }, (_, i) =>
              s.exemplars.at(i),
            ),
          });
        }
        const body = encodeProtobufExposition(
          this.text.serialize(resourceMetrics),
          DURATION_FAMILY,
          native,
        );
        res.statusCode = 200;
        res.setHeader('content-type', PROTOBUF_EXPOSITION_TYPE);
        res.end(body);
      },
      (err: unknown) => {
        res.statusCode = 500;
        res.setHeader('content-type', 'text/plain');
        res.end(`# failed to export metrics: ${String(err)}`);
      },
    );
  }
}
