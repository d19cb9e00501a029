import type { IncomingMessage, ServerResponse } from 'node:http';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import type { CollectionResult, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { acceptsProtobufExposition } from '../prometheus/acceptsProtobufExposition.js';
import {
  encodeProtobufExposition,
  metricFamilyType,
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

/** Series written into a collection result at scrape time (a ServerDurationHistogram, a ReceivedDurationHistogram). */
export interface DurationSeries {
  /** Writes its series into the result's `http.server.request.duration`. */
  mergeInto(resourceMetrics: ResourceMetrics): void;
  /** The same series' native buckets, for the protobuf exposition; starts a scrape. */
  nativeSeries?(): ReturnType<ServerDurationHistogram['nativeSeries']>;
}

/**
 * The Prometheus exporter, whose every collection carries the series of
 * each {@link DurationSeries} in instrumentation-http's
 * `http.server.request.duration`: the exposition of the stock histogram,
 * from a histogram that costs less per request (ServerDurationHistogram),
 * and the series of the instances whose spans this process receives. To a
 * scraper that asks for the protobuf exposition (Prometheus with native
 * histograms on), it answers that, with every duration series as a native
 * histogram too: this process's own and those of the instances it receives
 * (a cluster's workers), so a fleet's percentiles are as close from the
 * primary's one scrape as from each process.
 */
export class ServerDurationPrometheusExporter extends PrometheusExporter {
  /** The text the protobuf answer is built from: the exporter's own, default options (ours). */
  private readonly text = new PrometheusSerializer();
  private readonly sources: DurationSeries[] = [];
  /** `MetricFamily`, built at the first protobuf scrape. */
  private familyType: ReturnType<typeof metricFamilyType> | undefined;

  /** `durations`: this process's own histogram, when it keeps one. */
  constructor(
    private readonly durations: ServerDurationHistogram | undefined,
    config: ExporterConfig = {},
  ) {
    super(config);
    if (durations !== undefined) this.sources.push(durations);
  }

  /** Adds series to every later collection (the primary's received instances). */
  addSeries(source: DurationSeries): void {
    this.sources.push(source);
  }

  override async collect(
    options?: Parameters<PrometheusExporter['collect']>[0],
  ): Promise<CollectionResult> {
    const result = await super.collect(options);
    for (const source of this.sources) source.mergeInto(result.resourceMetrics);
    return result;
  }

  /** Serves `/metrics`: protobuf with native histograms if the Accept header asks for it, else the stock text. */
  serve(req: IncomingMessage, res: ServerResponse): void {
    // Without our own histogram (the stock path, SDK metrics) there is nothing native: the text, as documented.
    if (this.durations === undefined || !acceptsProtobufExposition(req.headers.accept)) {
      this.getMetricsRequestHandler(req, res);
      return;
    }
    this.collect()
      .then(({ resourceMetrics }) => {
        const native = new Map<string, NativeSeries>();
        const all = this.sources.flatMap((source) => source.nativeSeries?.() ?? []);
        for (const s of all) {
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
        this.familyType ??= metricFamilyType();
        const body = encodeProtobufExposition(
          this.text.serialize(resourceMetrics),
          DURATION_FAMILY,
          native,
          this.familyType,
        );
        res.statusCode = 200;
        res.setHeader('content-type', PROTOBUF_EXPOSITION_TYPE);
        res.end(body);
      })
      // After the answer is built too: protobufjs loads at the first protobuf scrape, and a
      // failure there (or in the encoding) answers 500 rather than rejecting into the app.
      .catch((err: unknown) => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        res.statusCode = 500;
        res.setHeader('content-type', 'text/plain');
        res.end(`# failed to export metrics: ${String(err)}`);
      });
  }
}
