import { type Context, SpanKind } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';

/**
 * Feeds the dashboard: counts in-flight server spans, and hands each ended
 * span to the exporter synchronously.
 *
 * Why not `SimpleSpanProcessor`: it skips spans whose sampled flag is off and
 * may defer export behind a promise. The dashboard must count every request
 * exactly once, and a request must be counted before its client can ask, so
 * this processor exports every *recording* span at once. Sampling still
 * applies to OTLP and console exporters, which sit behind their own
 * processors; see `createAlwaysRecordSampler` in instrumentation.ts.
 */
export class DashboardSpanProcessor implements SpanProcessor {
  private inFlight = 0;
  private stopped = false;
  private exportFailures = 0;

  constructor(private readonly exporter: SpanExporter) {}

  /** Server spans started and not yet ended; never negative. */
  get activeRequests(): number {
    return this.inFlight;
  }

  /** Exports that failed (callback `FAILED`) or threw. */
  get failedExports(): number {
    return this.exportFailures;
  }

  onStart(span: Span, _parentContext: Context): void {
    if (span.kind === SpanKind.SERVER) this.inFlight++;
  }

  onEnd(span: ReadableSpan): void {
    if (span.kind === SpanKind.SERVER && this.inFlight > 0) this.inFlight--;
    if (this.stopped) return;
    try {
      this.exporter.export([span], (result) => {
        if (result.code !== ExportResultCode.SUCCESS) this.exportFailures++;
      });
    } catch {
      // A SpanExporter must not throw; if one does, count it and keep serving.
      this.exportFailures++;
    }
  }

  forceFlush(): Promise<void> {
    return this.exporter.forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.stopped = true;
    return this.exporter.shutdown();
  }
}
