import type { Attributes } from '@opentelemetry/api';

/** The part of a span that names its error: attributes and events. */
export interface ErrorTypedSpan {
  readonly attributes?: Attributes;
  readonly events?: readonly { readonly name: string; readonly attributes?: Attributes }[];
}

/**
 * The error type the store records for a failed request: the span's
 * `error.type`, unless that is only a status code (`"500"`) and its
 * `exception` event names a class. instrumentation-http 0.30x sets
 * `error.type` to the status code on every 5xx server span when the response
 * ends, over the class a route hook recorded while handling it (0.223 leaves
 * it alone); a bare status code names no class, so the thrown one wins.
 * Undefined when the span names none.
 */
export function requestErrorType(span: ErrorTypedSpan): string | undefined {
  const recorded = span.attributes?.['error.type'];
  const exception = span.events?.find((e) => e.name === 'exception')?.attributes;
  const thrown = exception?.['exception.type'];
  const hasClass = typeof thrown === 'string' && thrown !== '';
  if (hasClass && (typeof recorded !== 'string' || /^[0-9]+$/.test(recorded))) return thrown;
  const type = recorded ?? thrown;
  return typeof type === 'string' && type !== '' ? type : undefined;
}

/**
 * The `error.type` of a request on the duration histogram, so that
 * `error_type` on `/metrics` groups as the dashboard's `errors.by_type`:
 * for a status of 400 or more, the type the store records (a thrown class
 * such as `ValidationError`), else a 5xx's status (instrumentation-http's
 * value; the dashboard shows both as `HTTP <status>`), else none; for a
 * response that failed before any status, the store's type; below 400, none.
 */
export function metricErrorType(
  status: number | undefined,
  stored: string | undefined,
): string | undefined {
  if (status === undefined) return stored;
  if (status < 400) return undefined;
  if (stored !== undefined) return stored;
  return status >= 500 && status < 600 ? String(status) : undefined;
}
