import { type Context, SpanKind } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { InternalErrors } from '../guard/InternalErrors.js';
import type { LiveRequests } from '../inflight/LiveRequests.js';

/**
 * Counts in-flight server spans (requests). Used alone when the dashboard
 * pipeline is off (`http.server.active_requests` and `/health/ready` still
 * need the figure with `OTEL_TRACES_EXPORTER=otlp`); the dashboard's
 * processor extends it. With `live`, it also lists the server spans in
 * flight and holds the recent traces. Its hooks run inside the app's
 * `span.end()`: a failure is counted by the guard, never thrown.
 */
export class ServerSpanCounter implements SpanProcessor {
  private inFlight = 0;
  /** Most in flight at once since the last {@link takePeak}. */
  private peak = 0;

  constructor(
    /** The in-flight list and recent traces this processor feeds; none: it only counts. */
    readonly live?: LiveRequests<ReadableSpan> | undefined,
    /** Counts what the hooks catch; a guard of its own (console) when none is given. */
    protected readonly guard: InternalErrors = InternalErrors.toConsole(),
  ) {}

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
    try {
      if (span.kind === SpanKind.SERVER && ++this.inFlight > this.peak) this.peak = this.inFlight;
      this.live?.started(span);
    } catch (err) {
      this.guard.record('span.start', err);
    }
  }

  onEnd(span: ReadableSpan): void {
    try {
      this.ended(span, false);
    } catch (err) {
      this.guard.record('span.end', err);
    }
  }

  /** Counts an ended span and hands it to `live`; `exemplarCandidate`: the store kept its request as one. */
  protected ended(span: ReadableSpan, exemplarCandidate: boolean): void {
    if (span.kind === SpanKind.SERVER && this.inFlight > 0) this.inFlight--;
    this.live?.ended(span, exemplarCandidate);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
