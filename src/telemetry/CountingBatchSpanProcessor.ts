import { type Context, TraceFlags } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import type { BatchSettings } from '../config.js';
import { InternalErrors } from '../guard/InternalErrors.js';
import type { BatchExportStats } from '../reportInputs/BatchExportStats.js';

export type { BatchExportStats };

/**
 * The same span with its sampled flag set, for the stock batch processor,
 * which exports sampled spans only. A shallow view of the ReadableSpan's
 * fields; the span itself is not touched.
 */
function asSampled(span: ReadableSpan): ReadableSpan {
  const context = span.spanContext();
  const sampled = { ...context, traceFlags: context.traceFlags | TraceFlags.SAMPLED };
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => sampled,
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status,
    attributes: span.attributes,
    links: span.links,
    events: span.events,
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

/**
 * A `BatchSpanProcessor` whose losses are counted. The stock processor drops
 * spans when its queue is full with only a log line, and its exporter's
 * failures go to the global error handler; here each sampled span ends in
 * exactly one of exported, failed or dropped (or is still pending).
 *
 * The queue-full check is done here, before the batch processor sees the
 * span, with the same bound (`maxQueueSize`) over the spans it holds: spans
 * accepted minus spans handed to the exporter. The wrapped processor's queue
 * never overflows, so it never drops on its own. Like the stock processor,
 * only sampled spans are exported; `onEnd` never throws and never waits on
 * the network.
 */
export class CountingBatchSpanProcessor implements SpanProcessor {
  private readonly batch: BatchSpanProcessor;
  private readonly maxQueueSize: number;
  private accepted = 0;
  private handedOff = 0;
  private exported = 0;
  private failed = 0;
  private dropped = 0;
  private stopped = false;
  private firstResource: ReadableSpan['resource'] | undefined;

  constructor(
    private readonly exporter: SpanExporter,
    settings: BatchSettings,
    /**
     * Exports spans whose sampled flag is off too, as if sampled: a worker
     * forwarding to the primary's dashboard must send every recorded request,
     * not only those its sampler kept for tracing backends.
     */
    private readonly everyRecordedSpan = false,
    /** Counts what the hooks catch; a guard of its own (console) when none is given. */
    private readonly guard: InternalErrors = InternalErrors.toConsole(),
  ) {
    this.maxQueueSize = settings.maxQueueSize;
    this.batch = new BatchSpanProcessor({ ...settings, exporter: this.countingExporter() });
  }

  /** The counts so far. */
  stats(): BatchExportStats {
    return {
      exported: this.exported,
      failed: this.failed,
      dropped: this.dropped,
      pending: this.accepted - this.exported - this.failed,
    };
  }

  onStart(span: Span, parentContext: Context): void {
    try {
      this.batch.onStart(span, parentContext);
    } catch (err) {
      this.guard.record('span.start', err);
    }
  }

  /** The resource of the first span that ended here: the process's own. */
  get resource(): ReadableSpan['resource'] | undefined {
    return this.firstResource;
  }

  onEnd(ended: ReadableSpan): void {
    try {
      this.accept(ended);
    } catch (err) {
      this.guard.record('span.end', err);
    }
  }

  /** Queues a sampled span for the batch processor, or counts it as dropped when the queue is full. */
  private accept(ended: ReadableSpan): void {
    this.firstResource ??= ended.resource;
    let span = ended;
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) {
      if (!this.everyRecordedSpan) return;
      span = asSampled(span);
    }
    if (this.stopped || this.accepted - this.handedOff >= this.maxQueueSize) {
      this.dropped++;
      return;
    }
    this.accepted++;
    this.batch.onEnd(span);
  }

  /** Sends what is queued. Resolves even when the export fails: failures are counted, not thrown. */
  forceFlush(): Promise<void> {
    return this.batch.forceFlush().catch(() => {});
  }

  /** Sends what is queued, then stops; later spans count as dropped. Resolves even when the export fails. */
  shutdown(): Promise<void> {
    this.stopped = true;
    return this.batch.shutdown().catch(() => {});
  }

  /** The exporter the batch processor calls: the real one, with every outcome counted once. */
  private countingExporter(): SpanExporter {
    const inner = this.exporter;
    return {
      export: (spans: ReadableSpan[], done: (result: ExportResult) => void): void => {
        this.handedOff += spans.length;
        let settled = false;
        const settle = (result: ExportResult): void => {
          if (settled) return;
          settled = true;
          if (result.code === ExportResultCode.SUCCESS) this.exported += spans.length;
          else this.failed += spans.length;
          done(result);
        };
        try {
          inner.export(spans, settle);
        } catch (err) {
          // An exporter must not throw; if one does, its batch failed.
          settle({
            code: ExportResultCode.FAILED,
            error: err instanceof Error ? err : new Error(String(err)),
          });
        }
      },
      shutdown: () => inner.shutdown(),
      forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
    };
  }
}
