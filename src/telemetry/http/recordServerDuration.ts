import { type Attributes, type HrTime, TraceFlags } from '@opentelemetry/api';
import { hrTime, hrTimeDuration, hrTimeToMilliseconds } from '@opentelemetry/core';
import { type ErrorTypedSpan, metricErrorType, requestErrorType } from '../requestErrorType.js';
import type { Exchange } from './LeanExchange.js';
import type { ServerDurationSink } from './ServerDurationSink.js';

/**
 * Records an ended exchange's `http.server.request.duration`: into `sink`
 * (our own histogram) when there is one, else through `sdkRecord` (the
 * stock `_recordServerDuration`) with the stock metric attributes, in the
 * stock key order. The duration is the ended span's own.
 */
export function recordServerDuration(
  exchange: Exchange,
  route: unknown,
  status: number | undefined,
  errorType: string | undefined,
  sink: ServerDurationSink | undefined,
  sdkRecord: (durationMs: number, attributes: Attributes) => void,
): void {
  const { span } = exchange;
  // The histogram's error type is the store's (a thrown class), read off the ended span:
  // only a failed request pays for it.
  const metricError =
    status === undefined || status >= 400
      ? metricErrorType(status, requestErrorType(span as ErrorTypedSpan) ?? errorType)
      : undefined;
  // An ended SDK span knows its duration; a non-recording one does not.
  const spanDuration = (span as { duration?: HrTime }).duration;
  const durationMs = hrTimeToMilliseconds(
    spanDuration !== undefined && spanDuration[0] >= 0
      ? spanDuration
      : hrTimeDuration(exchange.startTime, hrTime()),
  );
  const { attributes } = exchange;
  const method = attributes['http.request.method'] as string;
  const scheme = attributes['url.scheme'] as string;
  const version = attributes['network.protocol.version'] as string | undefined;
  if (sink !== undefined) {
    sink.record(
      durationMs / 1000,
      method,
      scheme,
      version || undefined,
      route,
      status,
      metricError,
      // A sampled-out trace is stored nowhere: no exemplar points at it.
      (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0
        ? undefined
        : span.spanContext().traceId,
    );
    return;
  }
  // The stock metric attributes, in the stock key order.
  const metric: Attributes = { 'http.request.method': method, 'url.scheme': scheme };
  if (version) metric['network.protocol.version'] = version;
  if (route !== undefined) metric['http.route'] = route as string;
  if (status) metric['http.response.status_code'] = status;
  if (metricError !== undefined) metric['error.type'] = metricError;
  sdkRecord(durationMs, metric);
}
