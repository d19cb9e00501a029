import { type Context, SpanKind } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

/**
 * Counts in-flight server spans (requests). Used alone when the dashboard
 * pipeline is off (`http.server.active_requests` and `/health/ready` still
 * need the figure with `OTEL_TRACES_EXPORTER=otlp`); the dashboard's
 * processor extends it.
 */
export class ServerSpanCounter implements SpanProcessor {
  private inFlight = 0;
  /** Most in flight at once since the last {@link takePeak}. */
  private peak = 0;

  /** Server spans started and not yet ended; never negative. */
  get activeRequests(): number {
    return this.inFlight;
  }

  /** The most server spans in flight at once since the previous call (or start); starts the next interval. */
  takePeak(): number {
    const peak = Math.max(this.peak, this.inFlight);
    this.peak = this.inFlight;
    return peak;
  }

  onStart(span: Span, _parentContext: Context): void {
    if (span.kind === SpanKind.SERVER && ++this.inFlight > this.peak) this.peak = this.inFlight;
  }

  onEnd(span: ReadableSpan): void {
    if (span.kind === SpanKind.SERVER && this.inFlight > 0) this.inFlight--;
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
