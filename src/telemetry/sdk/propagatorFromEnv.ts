/**
 * The global propagator `OTEL_PROPAGATORS` names, as NodeSDK builds it:
 * W3C trace context and baggage by default, `none` for no propagator. B3 and
 * Jaeger come from optional peers, loaded only when named.
 */

import type { TextMapPropagator } from '@opentelemetry/api';
import {
  CompositePropagator,
  getStringListFromEnv,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import type { OptionalPackages } from '../exporters/OptionalPackages.js';

/** The B3 package, as much as we use of it. */
interface B3Package {
  B3Propagator: new (config?: { injectEncoding?: number }) => TextMapPropagator;
  B3InjectEncoding: { MULTI_HEADER: number };
}

/** The Jaeger package, as much as we use of it. */
interface JaegerPackage {
  JaegerPropagator: new () => TextMapPropagator;
}

/** The propagator of one name, or undefined when it is unknown or its package is missing. */
function named(name: string, packages: OptionalPackages): TextMapPropagator | undefined {
  const purpose = `OTEL_PROPAGATORS=${name}`;
  switch (name) {
    case 'tracecontext':
      return new W3CTraceContextPropagator();
    case 'baggage':
      return new W3CBaggagePropagator();
    case 'b3':
    case 'b3multi': {
      const b3 = packages.load<B3Package>('@opentelemetry/propagator-b3', purpose);
      if (b3 === undefined) return undefined;
      return name === 'b3'
        ? new b3.B3Propagator()
        : new b3.B3Propagator({ injectEncoding: b3.B3InjectEncoding.MULTI_HEADER });
    }
    case 'jaeger': {
      const jaeger = packages.load<JaegerPackage>('@opentelemetry/propagator-jaeger', purpose);
      return jaeger === undefined ? undefined : new jaeger.JaegerPropagator();
    }
    default:
      return undefined;
  }
}

/** The propagator for `OTEL_PROPAGATORS`; null for `none` or when none of the names can be built. */
export function propagatorFromEnv(packages: OptionalPackages): TextMapPropagator | null {
  const names = getStringListFromEnv('OTEL_PROPAGATORS');
  if (names === undefined)
    return new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    });
  if (names.includes('none')) return null;
  const built = [...new Set(names)]
    .map((name) => named(name, packages))
    .filter((p) => p !== undefined);
  if (built.length === 0) return null;
  return built.length === 1
    ? (built[0] as TextMapPropagator)
    : new CompositePropagator({ propagators: built });
}
