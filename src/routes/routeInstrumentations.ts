import type { Instrumentation } from '@opentelemetry/instrumentation';

/** Placeholder until the framework route hooks land (branch `routes`). */
export function routeInstrumentations(): Instrumentation[] {
  return [];
}
