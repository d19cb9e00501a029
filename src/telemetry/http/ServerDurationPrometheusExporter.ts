import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { CollectionResult, ResourceMetrics } from '@opentelemetry/sdk-metrics';

/** The options of PrometheusExporter. */
type ExporterConfig = ConstructorParameters<typeof PrometheusExporter>[0];

/** Series written into a collection result at scrape time (a ServerDurationHistogram, a ReceivedDurationHistogram). */
export interface DurationSeries {
  /** Writes its series into the result's `http.server.request.duration`. */
  mergeInto(resourceMetrics: ResourceMetrics): void;
}

/**
 * The Prometheus exporter, whose every collection carries the series of
 * each {@link DurationSeries} in instrumentation-http's
 * `http.server.request.duration`: the exposition of the stock histogram,
 * from a histogram that costs less per request (ServerDurationHistogram),
 * and the series of the instances whose spans this process receives.
 */
export class ServerDurationPrometheusExporter extends PrometheusExporter {
  private readonly sources: DurationSeries[] = [];

  /** `durations`: this process's own histogram, when it keeps one. */
  constructor(durations: DurationSeries | undefined, config: ExporterConfig = {}) {
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
}
