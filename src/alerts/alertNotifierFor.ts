import type { Meter } from '@opentelemetry/api';
import type { Config } from '../config.js';
import type { InternalErrors } from '../guard/InternalErrors.js';
import type { RequestStore } from '../store/RequestStore.js';
import { AlertNotifier } from './AlertNotifier.js';

/**
 * The handle's notifier, started: only where the store is (a cluster's
 * workers keep none, so only the primary sends) and a destination is
 * configured; otherwise undefined. Its counters go to `/metrics` when a
 * meter is given.
 */
export function alertNotifierFor(
  config: Config,
  store: RequestStore | undefined,
  guard: InternalErrors,
  dashboardUrl: () => string | undefined,
  meter: Meter | undefined,
): AlertNotifier | undefined {
  const { alerts } = config;
  if (store === undefined) return undefined;
  if (alerts.alertmanagerUrl === undefined && alerts.webhookUrl === undefined) return undefined;
  const notifier = new AlertNotifier({
    store,
    slo: config.slo,
    settings: alerts,
    guard,
    dashboardUrl,
  });
  notifier.start();
  if (meter !== undefined) {
    meter
      .createObservableCounter('golden_signals.alerts.sent', {
        description: 'Alert notifications delivered (Alertmanager and webhook).',
        unit: '{notification}',
      })
      .addCallback((r) => r.observe(notifier.state().counts.sent));
    meter
      .createObservableCounter('golden_signals.alerts.failed_sends', {
        description: 'Alert notification attempts that failed (no answer, or not 2xx).',
        unit: '{attempt}',
      })
      .addCallback((r) => r.observe(notifier.state().counts.failedSends));
    meter
      .createObservableCounter('golden_signals.alerts.dropped', {
        description: 'Alert notifications dropped: the queue was full, or every retry failed.',
        unit: '{notification}',
      })
      .addCallback((r) => {
        const { counts } = notifier.state();
        r.observe(counts.droppedQueueFull, { reason: 'queue_full' });
        r.observe(counts.droppedGaveUp, { reason: 'retries_exhausted' });
      });
  }
  return notifier;
}
