import { UNMATCHED_ENDPOINT } from '../reportInputs/unmatchedEndpoint.js';
import { OVERFLOW_ENDPOINT } from '../store/SeriesRegistry.js';

/** The engine labels that name a request's service and instance, after our own `service_name`/`service_instance_id`. */
export interface SourceLabels {
  /** `job` unless configured. */
  readonly serviceLabel: string;
  /** `instance` unless configured. */
  readonly instanceLabel: string;
}

/** A series' request dimensions, read from the labels `/metrics` gives `http.server.request.duration`. */
export interface RequestLabels {
  readonly endpoint: string;
  readonly method: string;
  readonly statusCode: number;
  /** The error class; undefined when untyped (a bare status code names none). */
  readonly errorType: string | undefined;
  readonly service: string;
  readonly instance: string;
}

/** The service of a series without any naming label: OpenTelemetry's own default. */
export const UNKNOWN_SERVICE = 'unknown_service';
/** The instance of a series without any naming label. */
export const UNKNOWN_INSTANCE = 'unknown';

/**
 * A series' request dimensions, as the store records a span's: the route
 * template (`unmatched` without one), the method, the status (500 when the
 * response got none), the error class, and the source, named by our own
 * labels first (a cluster's primary and `serve` label every received
 * instance), then by the scrape's.
 */
export function requestLabelsOf(
  metric: Readonly<Record<string, string>>,
  names: SourceLabels,
): RequestLabels {
  const route = metric.http_route;
  const status = Number(metric.http_response_status_code);
  const statusCode = Number.isInteger(status) && status >= 100 && status <= 599 ? status : 500;
  const error = metric.error_type;
  const overflow = metric.otel_metric_overflow === 'true';
  return {
    endpoint: overflow
      ? OVERFLOW_ENDPOINT
      : route !== undefined && route !== ''
        ? route
        : UNMATCHED_ENDPOINT,
    method: metric.http_request_method ?? '_OTHER',
    statusCode,
    // A status code in error.type (a 5xx without a thrown class) names no class, as in the store.
    errorType: error === undefined || error === '' || /^[0-9]+$/.test(error) ? undefined : error,
    service:
      nonEmpty(metric.service_name) ?? nonEmpty(metric[names.serviceLabel]) ?? UNKNOWN_SERVICE,
    instance:
      nonEmpty(metric.service_instance_id) ??
      nonEmpty(metric[names.instanceLabel]) ??
      UNKNOWN_INSTANCE,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The PromQL matchers that keep the sources `filter` names, server-side:
 * one selector's matchers per way a source can be named (our own label, or
 * the scrape's when ours is absent). Empty filter: one empty list.
 */
export function sourceMatchers(
  filter: { readonly service?: string | undefined; readonly instance?: string | undefined },
  names: SourceLabels,
): string[][] {
  const { service, instance } = filter;
  const ways = (own: string, scrape: string, value: string | undefined): string[][] =>
    value === undefined
      ? [[]]
      : [[`${own}=${quote(value)}`], [`${own}=""`, `${scrape}=${quote(value)}`]];
  const out: string[][] = [];
  for (const s of ways('service_name', names.serviceLabel, service)) {
    for (const i of ways('service_instance_id', names.instanceLabel, instance))
      out.push([...s, ...i]);
  }
  return out;
}

/** A PromQL string literal. */
export function quote(value: string): string {
  return JSON.stringify(value);
}
