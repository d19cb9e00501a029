import type { IncomingMessage, ServerResponse } from 'node:http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { MetricProducer } from '@opentelemetry/sdk-metrics';

/**
 * The Prometheus exporter as a metric reader for an app's own SDK, served
 * by the dashboard at `/metrics` (no server of its own). Until the app's
 * MeterProvider binds it, `/metrics` answers 503 with what to do, rather
 * than the exporter's bare failure.
 */
export class PrometheusReader extends PrometheusExporter {
  private bound = false;

  constructor() {
    super({ preventServerStart: true });
  }

  override setMetricProducer(metricProducer: MetricProducer): void {
    super.setMetricProducer(metricProducer);
    this.bound = true;
  }

  /** Serves the exposition, or a 503 JSON error while no MeterProvider reads through it. */
  serve(req: IncomingMessage, res: ServerResponse): void {
    if (this.bound) {
      this.getMetricsRequestHandler(req, res);
      return;
    }
    res.statusCode = 503;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(
      JSON.stringify({
        error:
          "metrics are off: add goldenSignals.metricReader() to your SDK's metricReaders to serve /metrics",
      }),
    );
  }
}
