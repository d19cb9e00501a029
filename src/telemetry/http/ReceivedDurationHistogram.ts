import type { Attributes } from '@opentelemetry/api';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { RequestRecord } from '../../store/RequestRecord.js';
import type { RequestSpan } from '../RequestSpan.js';
import { metricErrorType } from '../requestErrorType.js';
import { ServerDurationHistogram } from './ServerDurationHistogram.js';
import type { DurationSeries } from './ServerDurationPrometheusExporter.js';

/** The most instances given series of their own; later ones share one overflow series set. */
export const RECEIVED_INSTANCE_LIMIT = 256;

const OVERFLOW_KEY = '\u0000overflow';

/**
 * `http.server.request.duration` of the instances whose spans this process
 * receives (a `node:cluster` primary's workers, whatever exports OTLP to
 * `golden-signals serve`), one series set per instance labelled with its
 * `service.name` and `service.instance.id` as the store names them, so that
 * one scrape of this process's `/metrics` covers every instance. Fed with
 * each SERVER span the store recorded, so its counts are the store's. The
 * attributes are those the instance's own histogram would have had: the
 * span's method, scheme, protocol version, `http.route` and status, and
 * `error.type` as the store records it (see {@link metricErrorType}), so
 * that `error_type` groups as the dashboard's `errors.by_type`.
 */
export class ReceivedDurationHistogram implements DurationSeries {
  private readonly byInstance = new Map<string, ServerDurationHistogram>();
  private readonly scopeVersion: string;
  private readonly now: (() => number) | undefined;

  /** `scopeVersion`: this process's instrumentation-http version, so the series share its metric. */
  constructor(options: { scopeVersion: string; now?: () => number }) {
    this.scopeVersion = options.scopeVersion;
    this.now = options.now;
  }

  /** The number of instances with series of their own. */
  get instanceCount(): number {
    return this.byInstance.size - (this.byInstance.has(OVERFLOW_KEY) ? 1 : 0);
  }

  /** Records one received request, as the store recorded it from `span`. */
  record(span: RequestSpan, rec: RequestRecord): void {
    const service = rec.service ?? 'unknown_service';
    const instance = rec.instance ?? 'unknown_instance';
    const histogram = this.histogramOf(service, instance);
    const attrs = span.attributes;
    const method = attrs['http.request.method'];
    const scheme = attrs['url.scheme'];
    const version = attrs['network.protocol.version'];
    const route = attrs['http.route'];
    const rawStatus = attrs['http.response.status_code'];
    const status = typeof rawStatus === 'number' && rawStatus > 0 ? rawStatus : undefined;
    const errorType = metricErrorType(status, rec.errorType);
    histogram.record(
      rec.durationMs / 1000,
      typeof method === 'string' ? method : '_OTHER',
      typeof scheme === 'string' ? scheme : 'http',
      typeof version === 'string' && version !== '' ? version : undefined,
      typeof route === 'string' && route !== '' ? route : undefined,
      status,
      errorType,
    );
  }

  private histogramOf(service: string, instance: string): ServerDurationHistogram {
    const key = `${service}\u0000${instance}`;
    let histogram = this.byInstance.get(key);
    if (histogram !== undefined) return histogram;
    if (this.instanceCount >= RECEIVED_INSTANCE_LIMIT) {
      histogram = this.byInstance.get(OVERFLOW_KEY);
      if (histogram !== undefined) return histogram;
      return this.add(OVERFLOW_KEY, { 'otel.metric.overflow': true });
    }
    return this.add(key, { 'service.name': service, 'service.instance.id': instance });
  }

  private add(key: string, extraAttributes: Attributes): ServerDurationHistogram {
    const histogram = new ServerDurationHistogram({
      scopeVersion: this.scopeVersion,
      extraAttributes: Object.freeze(extraAttributes),
      ...(this.now === undefined ? {} : { now: this.now }),
    });
    this.byInstance.set(key, histogram);
    return histogram;
  }

  /** Every instance's series with its native buckets, for the protobuf exposition; starts a scrape. */
  nativeSeries(): ReturnType<ServerDurationHistogram['nativeSeries']> {
    return [...this.byInstance.values()].flatMap((histogram) => histogram.nativeSeries());
  }

  mergeInto(resourceMetrics: ResourceMetrics): void {
    for (const histogram of this.byInstance.values()) histogram.mergeInto(resourceMetrics);
  }
}
