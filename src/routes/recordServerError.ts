import { context, trace } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

const ATTR_ERROR_TYPE = 'error.type';

/** The `error.type` a span already holds (the SDK's spans expose their attributes). */
function typeOnSpan(span: object): unknown {
  return (span as { attributes?: Record<string, unknown> }).attributes?.[ATTR_ERROR_TYPE];
}

/**
 * Records an error a handler threw (or rejected with) on the request's server
 * span (the RPC metadata's, else the active one): an `exception` event and `error.type` = the error's class name. It
 * leaves the span status alone: instrumentation-http derives it from the
 * final response status when the response ends (ERROR for 5xx, unset for
 * 4xx, as the semantic conventions say for server spans), which is the status
 * the user's error handler actually chose. Values that are not objects (a
 * thrown string) get the event only, so the store counts them as `HTTP <status>`.
 * Frameworks hand one error to several hooks: the first error typed on a span
 * wins, and later calls for that span do nothing (the span itself holds that
 * state, so this module holds none). `named` names the error instead of its
 * class, for frameworks whose errors share one class (Hapi's Boom errors).
 */
export function recordServerError(err: unknown, named?: string): void {
  // The server span, even where a contrib instrumentation's span is the active one.
  const metadata = getRPCMetadata(context.active());
  const span =
    metadata?.type === RPCType.HTTP && metadata.span !== undefined
      ? metadata.span
      : trace.getActiveSpan();
  if (span === undefined || !span.isRecording() || typeOnSpan(span) !== undefined) return;
  if (err instanceof Error) {
    const type = named ?? errorTypeOf(err);
    // Not the Error itself: its `name` is `Error` for a subclass that sets none.
    span.recordException({ name: type, message: err.message, stack: err.stack ?? '' });
    span.setAttribute(ATTR_ERROR_TYPE, type);
  } else if (typeof err === 'object' && err !== null) {
    const name = (err as { name?: unknown }).name;
    const message = (err as { message?: unknown }).message;
    const type = typeof name === 'string' && name !== '' ? name : 'Error';
    span.recordException({ name: type, message: typeof message === 'string' ? message : '' });
    span.setAttribute(ATTR_ERROR_TYPE, type);
  } else {
    span.recordException(String(err));
  }
}

/** The class name: `name` when a subclass set it, else the constructor's name. */
function errorTypeOf(err: Error): string {
  if (err.name !== '' && err.name !== 'Error') return err.name;
  const ctor = (err as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof ctor === 'string' && ctor !== '' ? ctor : 'Error';
}
