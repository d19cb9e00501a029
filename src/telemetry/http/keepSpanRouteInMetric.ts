import { type Attributes, type HrTime, type Span, SpanKind } from '@opentelemetry/api';
import type { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { type ErrorTypedSpan, metricErrorType, requestErrorType } from '../requestErrorType.js';

type CloseHttpSpan = (
  this: unknown,
  span: Span,
  kind: SpanKind,
  startTime: HrTime,
  metricAttributes: Attributes,
) => void;

/** The private member of HttpInstrumentation this wraps. */
interface Closing {
  _closeHttpSpan?: CloseHttpSpan;
}

/**
 * Makes the stock incoming path record `http.server.request.duration` under
 * the route the store counts: the server span's `http.route`. The stock code
 * takes the metric's route from the context active when the response
 * closes, which is not the request's when the app ends the response from a
 * queue, pool or driver callback made outside it (our context manager binds
 * no emitters); the route hook's value is on the span all the same. A
 * response that failed (`error.type`, no status) gets its route too, as the
 * store files it. A failed request's `error.type` is the store's too (the
 * thrown class, see {@link metricErrorType}), so that `error_type` groups as
 * the dashboard's `errors.by_type`. Returns the instrumentation; a release without
 * `_closeHttpSpan` is left as it is.
 */
export function keepSpanRouteInMetric<T extends HttpInstrumentation>(instrumentation: T): T {
  const closing = instrumentation as unknown as Closing;
  const close = closing._closeHttpSpan;
  if (typeof close !== 'function' || close.length !== 4) return instrumentation;
  closing._closeHttpSpan = function closeHttpSpan(span, kind, startTime, metricAttributes) {
    if (kind === SpanKind.SERVER) {
      if (metricAttributes['http.route'] === undefined) {
        const route = (span as { attributes?: Attributes }).attributes?.['http.route'];
        if (typeof route === 'string') withRoute(metricAttributes, route);
      }
      withStoredErrorType(span as ErrorTypedSpan, metricAttributes);
    }
    return close.call(this, span, kind, startTime, metricAttributes);
  };
  return instrumentation;
}

/** Puts `http.route` where the stock code puts it: before the status and error type. */
function withRoute(attributes: Attributes, route: string): void {
  const after: Attributes = {};
  for (const key of ['http.response.status_code', 'error.type']) {
    if (key in attributes) {
      after[key] = attributes[key];
      delete attributes[key];
    }
  }
  attributes['http.route'] = route;
  Object.assign(attributes, after);
}

/** Puts the store's error type of a failed request where the stock code put its own (last). */
function withStoredErrorType(span: ErrorTypedSpan, attributes: Attributes): void {
  const status = attributes['http.response.status_code'];
  const code = typeof status === 'number' ? status : undefined;
  if (code !== undefined && code < 400) return;
  const given = attributes['error.type'];
  const type = metricErrorType(
    code,
    requestErrorType(span) ?? (typeof given === 'string' ? given : undefined),
  );
  delete attributes['error.type'];
  if (type !== undefined) attributes['error.type'] = type;
}
