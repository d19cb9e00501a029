import { SpanKind } from '@opentelemetry/api';
import { identityOf } from '../reportInputs/ResourceIdentity.js';
import { UNMATCHED_ENDPOINT } from '../reportInputs/unmatchedEndpoint.js';
import type { RequestRecord } from '../store/RequestRecord.js';
import type { RequestSpan } from './RequestSpan.js';
import type { ResourceIdentities } from './ResourceIdentities.js';
import { requestErrorType } from './requestErrorType.js';

// Stable HTTP semantic conventions, as emitted by instrumentation-http 0.223.
const ATTR_HTTP_ROUTE = 'http.route';
const ATTR_HTTP_REQUEST_METHOD = 'http.request.method';
const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
const ATTR_EXCEPTION_MESSAGE = 'exception.message';
const INVALID_TRACE_ID = '00000000000000000000000000000000';
const INVALID_SPANID = '0000000000000000';
/** Instance of a resource naming none, when the caller gives no {@link ResourceIdentities}. */
const UNKNOWN_INSTANCE = 'unknown_instance';

/** HrTime ([seconds, nanoseconds]) to milliseconds. */
function hrToMs(time: readonly [number, number]): number {
  return time[0] * 1e3 + time[1] / 1e6;
}

/**
 * A duration's HrTime to milliseconds on the store's nanosecond grid: the
 * double nearest its whole nanoseconds / 1e6 (exact below 104 days).
 */
function durationToMs(duration: readonly [number, number]): number {
  return (duration[0] * 1e9 + duration[1]) / 1e6;
}

/**
 * Maps a finished span to a request record, or `undefined` for spans that are
 * not HTTP server requests (client spans, internal spans). Pure: reads only
 * the span (an SDK `ReadableSpan` or a decoded OTLP span, see
 * {@link RequestSpan}). The endpoint is the `http.route` template, or
 * {@link UNMATCHED_ENDPOINT}; the raw path is never used, so unknown URLs
 * cannot grow the store. Service and instance come from the span's
 * resource, through `identities` (which caches them per resource and names
 * the fallback instance); without it they are worked out for this span
 * alone, with `unknown_instance` as the fallback.
 */
export function spanToRequest(
  span: RequestSpan,
  identities?: ResourceIdentities,
): RequestRecord | undefined {
  if (span.kind !== SpanKind.SERVER) return undefined;
  const identity =
    identities?.of(span.resource) ?? identityOf(span.resource.attributes, UNKNOWN_INSTANCE);
  const attrs = span.attributes;
  const status = attrs[ATTR_HTTP_RESPONSE_STATUS_CODE];
  const method = attrs[ATTR_HTTP_REQUEST_METHOD];
  const route = attrs[ATTR_HTTP_ROUTE];
  // A response that never got a status (the connection failed first) counts as a 500.
  // A fractional one is no HTTP status either (and no snapshot could hold it).
  const statusCode =
    typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599
      ? status
      : 500;
  const record: {
    -readonly [K in keyof RequestRecord]: RequestRecord[K];
  } = {
    timestampMs: hrToMs(span.endTime),
    durationMs: durationToMs(span.duration),
    endpoint: typeof route === 'string' && route.length > 0 ? route : UNMATCHED_ENDPOINT,
    method: typeof method === 'string' ? method : 'UNKNOWN',
    service: identity.service,
    instance: identity.instance,
    statusCode,
  };
  if (statusCode >= 400) {
    const exception = span.events.find((e) => e.name === 'exception')?.attributes;
    const errorType = requestErrorType(span);
    const message = exception?.[ATTR_EXCEPTION_MESSAGE] ?? span.status.message;
    // Without a type the store counts the error as `HTTP <status>`.
    if (errorType !== undefined) record.errorType = errorType;
    record.errorMessage = typeof message === 'string' ? message : '';
  }
  // Every request's: a success can be an exemplar (slowest, near a percentile) too.
  const context = span.spanContext();
  record.traceId = context.traceId === INVALID_TRACE_ID ? '' : context.traceId;
  record.spanId =
    context.spanId === undefined || context.spanId === INVALID_SPANID ? '' : context.spanId;
  return record;
}
