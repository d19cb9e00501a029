import type { IncomingMessage } from 'node:http';
import type { HttpCustomAttributeFunction } from '@opentelemetry/instrumentation-http';

// Spelled here: the package's ESM entry would load its whole index (about 1 MB
// resident) beside the CommonJS copy OpenTelemetry's own packages load.
const ATTR_HTTP_ROUTE = 'http.route';

/** The `http.route` a span already holds, from a framework hook. */
function routeOnSpan(span: unknown): unknown {
  return (span as { attributes?: Record<string, unknown> }).attributes?.[ATTR_HTTP_ROUTE];
}

/**
 * An `applyCustomAttributesOnSpan` hook for HttpInstrumentation that names
 * the route of a request no framework hook named (plain node:http), at the
 * response's end: `http.route` and the span name `METHOD /template`.
 */
export function routeFallbackHook(
  route: (req: IncomingMessage) => string | undefined,
): HttpCustomAttributeFunction {
  return (span, req) => {
    if (routeOnSpan(span) !== undefined || !('headers' in req)) return;
    const template = route(req as IncomingMessage);
    if (typeof template === 'string' && template !== '') {
      span.setAttribute(ATTR_HTTP_ROUTE, template);
      span.updateName(`${req.method ?? 'GET'} ${template}`);
    }
  };
}
