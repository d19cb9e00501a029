import type { Meter } from '@opentelemetry/api';
import type { Config } from '../config.js';
import type { InternalErrors } from '../guard/InternalErrors.js';
import type { RequestStore } from '../store/RequestStore.js';
import type { ReceivedDurationHistogram } from '../telemetry/http/ReceivedDurationHistogram.js';
import type { TraceRing } from '../traces/TraceRing.js';
import { OtlpReceiver } from './OtlpReceiver.js';
import { ReceivedTraces } from './ReceivedTraces.js';
import { registerReceiverMetrics } from './registerReceiverMetrics.js';

/**
 * The OTLP receiver of a running pipeline, with its counters on `meter`
 * (none: the caller registers them once a meter exists, as processor mode
 * does); undefined without a store (`OTEL_TRACES_EXPORTER` has no
 * `memory`), when there is nothing to feed. With `ring` (the local trace
 * ring, when it holds any), received traces are held there too; with
 * `durations`, every recorded SERVER span's duration, for `/metrics`.
 */
export function receiverFor(
  store: RequestStore | undefined,
  config: Pick<Config, 'dashboardToken' | 'receiverMaxBytes'> &
    Partial<Pick<Config, 'redactQuery'>>,
  meter: Meter | undefined,
  guard?: InternalErrors,
  ring?: TraceRing,
  durations?: ReceivedDurationHistogram,
): OtlpReceiver | undefined {
  if (store === undefined) return undefined;
  const receiver = new OtlpReceiver({
    store,
    dashboardToken: config.dashboardToken,
    limits: { maxBodyBytes: config.receiverMaxBytes },
    guard,
    durations,
    traces:
      ring === undefined || ring.traceLimit === 0
        ? undefined
        : new ReceivedTraces(ring, { redactQuery: config.redactQuery }),
  });
  if (meter !== undefined) registerReceiverMetrics(meter, receiver.stats);
  return receiver;
}
