import type { Meter } from '@opentelemetry/api';
import type { Config } from '../config.js';
import type { InternalErrors } from '../guard/InternalErrors.js';
import type { RequestStore } from '../store/RequestStore.js';
import { OtlpReceiver } from './OtlpReceiver.js';
import { registerReceiverMetrics } from './registerReceiverMetrics.js';

/**
 * The OTLP receiver of a running pipeline, with its counters on `meter`
 * (none: the caller registers them once a meter exists, as processor mode
 * does); undefined without a store (`OTEL_TRACES_EXPORTER` has no
 * `memory`), when there is nothing to feed.
 */
export function receiverFor(
  store: RequestStore | undefined,
  config: Pick<Config, 'dashboardToken' | 'receiverMaxBytes'>,
  meter: Meter | undefined,
  guard?: InternalErrors,
): OtlpReceiver | undefined {
  if (store === undefined) return undefined;
  const receiver = new OtlpReceiver({
    store,
    dashboardToken: config.dashboardToken,
    limits: { maxBodyBytes: config.receiverMaxBytes },
    guard,
  });
  if (meter !== undefined) registerReceiverMetrics(meter, receiver.stats);
  return receiver;
}
