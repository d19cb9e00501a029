import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Middleware } from 'koa';

/** What a client sees for any 5xx whose message is not meant for it. */
export const HIDDEN_MESSAGE = 'Internal server error';

interface ErrorLike {
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  headers?: unknown;
  name?: unknown;
  message?: unknown;
}

function statusOf(err: ErrorLike): number {
  const status = err.status ?? err.statusCode;
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599
    ? status
    : 500;
}

/** `error.type`: the error's class name, or the status code for anonymous errors. */
function typeOf(err: ErrorLike, status: number): string {
  return typeof err.name === 'string' && err.name !== '' && err.name !== 'Error'
    ? err.name
    : String(status);
}

/**
 * The one error path. Renders `{ "error": message }` with the right status,
 * hides the message of any 5xx that is not marked `expose`, and records the
 * exception on the active server span (exception event and `error.type`;
 * status ERROR for 5xx only, since semantic conventions leave a server span's
 * status unset for 4xx). Nothing else records errors, so each request is
 * counted once, by its span.
 */
export function errorHandler(onUnexpected: (err: unknown) => void): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (caught) {
      const err: ErrorLike = typeof caught === 'object' && caught !== null ? caught : {};
      const status = statusOf(err);
      const type = typeOf(err, status);
      const exposed = err.expose === true || (status < 500 && err.expose !== false);
      const message = typeof err.message === 'string' ? err.message : String(caught);
      const span = trace.getActiveSpan();
      if (span !== undefined) {
        span.recordException(caught instanceof Error ? caught : { name: type, message });
        span.setAttribute('error.type', type);
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message });
      }
      if (status >= 500 && !(typeof err.expose === 'boolean')) onUnexpected(caught);
      ctx.status = status;
      ctx.body = { error: exposed ? message : HIDDEN_MESSAGE };
      if (typeof err.headers === 'object' && err.headers !== null) {
        for (const [name, value] of Object.entries(err.headers)) {
          if (typeof value === 'string') ctx.set(name, value);
        }
      }
    }
  };
}
