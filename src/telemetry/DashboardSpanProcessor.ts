import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { InternalErrors } from '../guard/InternalErrors.js';
import type { LiveRequests } from '../inflight/LiveRequests.js';
import { DashboardSpanExporter } from './DashboardSpanExporter.js';
import { ServerSpanCounter } from './ServerSpanCounter.js';

/**
 * Feeds the dashboard: counts in-flight server spans (as its base class
 * does), and hands each ended span to the exporter synchronously.
 *
 * Why not `SimpleSpanProcessor`: it skips spans whose sampled flag is off and
 * may defer export behind a promise. The dashboard must count every request
 * exactly once, and a request must be counted before its client can ask, so
 * this processor exports every *recording* span at once. Sampling still
 * applies to OTLP and console exporters, which sit behind their own
 * processors; see `createAlwaysRecordSampler` in instrumentation.ts.
 */
export class DashboardSpanProcessor extends ServerSpanCounter {
  private stopped = false;
  private exportFailures = 0;

  constructor(
    private readonly exporter: SpanExporter,
    live?: LiveRequests<ReadableSpan>,
    guard?: InternalErrors,
  ) {
    super(live, guard);
  }

  /** Exports that failed (callback `FAILED`) or threw; a DashboardSpanExporter counts its own, in `droppedSpans`. */
  get failedExports(): number {
    return this.exportFailures;
  }

  override onEnd(span: ReadableSpan): void {
    // No closure per span: the guard's counter is called from this catch.
    try {
      // Recorded first: the trace ring keeps the store's exemplar candidates.
      this.ended(span, this.exportSpan(span));
    } catch (err) {
      this.guard.record('span.end', err);
    }
  }

  /** Hands the span to the exporter; true when the store kept it as an exemplar candidate. */
  private exportSpan(span: ReadableSpan): boolean {
    if (this.stopped) return false;
    // Ours records directly; a failure is counted once, in its droppedSpans.
    if (this.exporter instanceof DashboardSpanExporter) {
      return this.exporter.exportOne(span).exemplarCandidate;
    }
    try {
      this.exporter.export([span], (result) => {
        if (result.code !== ExportResultCode.SUCCESS) this.exportFailures++;
      });
    } catch {
      // A SpanExporter must not throw; if one does, count it and keep serving.
      this.exportFailures++;
    }
    return false;
  }

  override forceFlush(): Promise<void> {
    return this.exporter.forceFlush?.() ?? Promise.resolve();
  }

  override shutdown(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.stopped = true;
    return this.exporter.shutdown();
  }
}
