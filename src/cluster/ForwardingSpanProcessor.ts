import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { InternalErrors } from '../guard/InternalErrors.js';
import type { BatchSettings } from '../otlpSettings.js';
import { COMPACT_MAGIC } from '../receiver/compactSpanFormat.js';
import type { BatchExportStats } from '../reportInputs/BatchExportStats.js';
import { BatchPoster, type BatchTarget } from './BatchPoster.js';
import { type CompactBatch, CompactSpanWriter } from './CompactSpanWriter.js';

/** A batch is sent once it holds this many bytes, whatever its span count: well under the receiver's body limit. */
export const FORWARD_BATCH_BYTES = 512 * 1024;
/** Longest record of one span; a longer span is dropped (counted): batches stay under the receiver's 4 MiB. */
export const FORWARD_MAX_SPAN_BYTES = 1024 * 1024;
/** Most bytes held unsent (the batch being written, those waiting, the one in flight); past it spans are dropped. */
export const FORWARD_MAX_PENDING_BYTES = 8 * 1024 * 1024;
/** Tries of a batch the receiver answers 429 or 503 to (busy), or did not answer; then it counts as failed. */
export const FORWARD_ATTEMPTS = 3;
/** The wait before the second try; doubled before each next one. */
export const FORWARD_RETRY_MS = 100;

/** What a {@link ForwardingSpanProcessor} needs. */
export interface ForwardingOptions extends BatchTarget {
  /** The queue bound (`maxQueueSize`, in spans), the spans per batch (`maxExportBatchSize`), the delay (`scheduledDelayMillis`). */
  readonly batch: Pick<
    BatchSettings,
    'maxQueueSize' | 'maxExportBatchSize' | 'scheduledDelayMillis'
  >;
  /** Counts what the hooks and timers catch; a guard of its own (console) when none is given. */
  readonly guard?: InternalErrors | undefined;
}

const BUSY = new Set([429, 502, 503, 504]);

/**
 * A `node:cluster` worker's forwarding of its spans to the primary's
 * receiver. Each ended span is written at once into a compact batch (see
 * `CompactSpanWriter`): encoded once, no OTLP objects, no protobuf, and
 * the span is let go young. A batch is posted when it holds
 * `maxExportBatchSize` spans or {@link FORWARD_BATCH_BYTES}, or
 * `scheduledDelayMillis` after its first span; one post at a time, busy
 * answers retried a few times.
 *
 * Every span it is handed ends in exactly one of exported, failed or
 * dropped (or is pending): dropped when the spans held unsent reach
 * `maxQueueSize` or {@link FORWARD_MAX_PENDING_BYTES}, when one span's
 * record is over {@link FORWARD_MAX_SPAN_BYTES}, when reading it threw, or
 * after shutdown. Like the batch processor it replaces, it forwards every
 * recorded span, sampled or not. `onEnd` never throws and never waits on
 * the network.
 */
export class ForwardingSpanProcessor implements SpanProcessor {
  private readonly writer = new CompactSpanWriter();
  private readonly poster: BatchPoster;
  private readonly guard: InternalErrors;
  private readonly waiting: CompactBatch[] = [];
  private sending = false;
  /** Spans and bytes held: in the writer, waiting, in flight. */
  private heldSpans = 0;
  private heldBytes = 0;
  private exported = 0;
  private failed = 0;
  private dropped = 0;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private idle: (() => void)[] = [];
  private shutdownOnce: Promise<void> | undefined;
  private firstResource: ReadableSpan['resource'] | undefined;

  constructor(private readonly options: ForwardingOptions) {
    this.guard = options.guard ?? InternalErrors.toConsole();
    this.poster = new BatchPoster(options);
  }

  /** The counts so far. */
  stats(): BatchExportStats {
    return {
      exported: this.exported,
      failed: this.failed,
      dropped: this.dropped,
      pending: this.heldSpans,
    };
  }

  /** The resource of the first span that ended here: the process's own. */
  get resource(): ReadableSpan['resource'] | undefined {
    return this.firstResource;
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    try {
      this.accept(span);
    } catch (err) {
      this.guard.record('span.end', err);
    }
  }

  /** Writes a span into the batch, or counts it as dropped; cuts the batch when it is full. */
  private accept(span: ReadableSpan): void {
    this.firstResource ??= span.resource;
    if (
      this.stopped ||
      this.heldSpans >= this.options.batch.maxQueueSize ||
      this.heldBytes >= FORWARD_MAX_PENDING_BYTES
    ) {
      this.dropped++;
      return;
    }
    const before = this.writer.bytes;
    let written: boolean;
    try {
      written = this.writer.append(span, FORWARD_MAX_SPAN_BYTES);
    } catch (err) {
      // Reading the span threw: the writer rolled it back, so it is in no batch.
      this.dropped++;
      this.guard.record('span.end', err);
      return;
    }
    if (!written) {
      this.dropped++;
      return;
    }
    this.heldSpans++;
    this.heldBytes += this.writer.bytes - before;
    if (
      this.writer.spans >= this.options.batch.maxExportBatchSize ||
      this.writer.bytes >= FORWARD_BATCH_BYTES
    ) {
      this.cut();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(this.onTimer, this.options.batch.scheduledDelayMillis);
      this.timer.unref();
    }
  }

  /** Sends what is held; resolves once it is settled (failures are counted, not thrown). */
  forceFlush(): Promise<void> {
    this.cut();
    if (!this.sending) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Sends what is held, then stops; later spans count as dropped. Runs once. */
  shutdown(): Promise<void> {
    if (this.shutdownOnce === undefined) {
      // Stopped first: spans that end while the last batch is sent are dropped, not left pending.
      this.stopped = true;
      this.shutdownOnce = this.forceFlush().then(() => this.poster.close());
    }
    return this.shutdownOnce;
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    try {
      this.cut();
    } catch (err) {
      this.guard.record('span.end', err);
    }
  };

  /** Ends the batch being written, queues it and starts sending. */
  private cut(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = this.writer.finish();
    if (batch !== undefined) this.waiting.push(batch);
    if (!this.sending) void this.sendAll();
  }

  /** Posts the waiting batches one after another; never rejects. */
  private async sendAll(): Promise<void> {
    this.sending = true;
    try {
      for (let batch = this.waiting.shift(); batch !== undefined; batch = this.waiting.shift()) {
        const ok = await this.deliver(batch.bytes);
        if (ok) this.exported += batch.spans;
        else this.failed += batch.spans;
        this.heldSpans -= batch.spans;
        this.heldBytes -= batch.bytes.length - COMPACT_MAGIC.length;
      }
    } catch (err) {
      this.guard.record('span.end', err);
    } finally {
      this.sending = false;
      const idle = this.idle;
      this.idle = [];
      for (const resolve of idle) resolve();
    }
  }

  /** True once the receiver took the batch (200), after a few tries when it was busy or silent. */
  private async deliver(bytes: Buffer): Promise<boolean> {
    let wait = FORWARD_RETRY_MS;
    for (let attempt = 1; ; attempt++) {
      const status = await this.poster.post(bytes);
      if (status === 200) return true;
      if ((status !== 0 && !BUSY.has(status)) || attempt >= FORWARD_ATTEMPTS) {
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, wait).unref());
      wait *= 2;
    }
  }
}
