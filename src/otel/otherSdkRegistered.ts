import { ProxyTracerProvider, trace } from '@opentelemetry/api';

/**
 * True when an OpenTelemetry SDK other than ours already registered the
 * global tracer provider in this process (`--require
 * @opentelemetry/auto-instrumentations-node/register`, an SDK the app
 * started in a preload of its own). The API's proxy delegates to a no-op
 * until a provider is registered; a registration by another copy of the API
 * shows as a provider that is not our proxy at all.
 */
export function otherSdkRegistered(): boolean {
  const provider = trace.getTracerProvider();
  if (!(provider instanceof ProxyTracerProvider)) return true;
  return provider.getDelegate() !== new ProxyTracerProvider().getDelegate();
}
