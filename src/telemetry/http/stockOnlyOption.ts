import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';

/**
 * Why a config needs the stock incoming path (an option the lean one does
 * not implement), or undefined.
 */
export function stockOnlyOption(config: HttpInstrumentationConfig): string | undefined {
  const server = config.headersToSpanAttributes?.server;
  if ((server?.requestHeaders?.length ?? 0) > 0 || (server?.responseHeaders?.length ?? 0) > 0) {
    return 'headersToSpanAttributes.server';
  }
  if (config.requestHook !== undefined) return 'requestHook';
  if (config.responseHook !== undefined) return 'responseHook';
  if (config.startIncomingSpanHook !== undefined) return 'startIncomingSpanHook';
  if (config.requireParentforIncomingSpans === true) return 'requireParentforIncomingSpans';
  if (config.enableSyntheticSourceDetection === true) return 'enableSyntheticSourceDetection';
  return undefined;
}
