import type { Meter } from '@opentelemetry/api';
import { REQUEST_REJECTIONS, type ReceiverStats, SPAN_REJECTIONS } from './ReceiverStats.js';

/**
 * Registers the receiver's counters beside the pipeline metrics, observed at
 * collection time (nothing per request): `golden_signals.receiver.requests`
 * by `outcome` (`accepted`, `rejected`) and `reason`, and
 * `golden_signals.receiver.spans` by `outcome` (`accepted`, `ignored`,
 * `rejected`) and `reason`. Through the Prometheus exporter they are
 * `golden_signals_receiver_requests_total` and `…_spans_total`.
 */
export function registerReceiverMetrics(meter: Meter, stats: ReceiverStats): void {
  const requests = meter.createObservableCounter('golden_signals.receiver.requests', {
    description: 'OTLP export requests to POST /v1/traces, by outcome and rejection reason.',
    unit: '{request}',
  });
  const spans = meter.createObservableCounter('golden_signals.receiver.spans', {
    description:
      'Spans received over OTLP: SERVER spans recorded, other kinds ignored, spans rejected by reason.',
    unit: '{span}',
  });
  meter.addBatchObservableCallback(
    (result) => {
      const report = stats.report();
      result.observe(requests, report.requests_accepted, { outcome: 'accepted' });
      for (const reason of REQUEST_REJECTIONS) {
        result.observe(requests, report.requests_rejected[reason], { outcome: 'rejected', reason });
      }
      result.observe(spans, report.spans_accepted, { outcome: 'accepted' });
      result.observe(spans, report.spans_ignored, { outcome: 'ignored' });
      for (const reason of SPAN_REJECTIONS) {
        result.observe(spans, report.spans_rejected[reason], { outcome: 'rejected', reason });
      }
    },
    [requests, spans],
  );
}
