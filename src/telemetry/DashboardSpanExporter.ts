import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { StatementCache } from '../privacy/StatementCache.js';
import { versionOf } from '../reportInputs/ResourceIdentity.js';
import type { RequestStore } from '../store/RequestStore.js';
import { localInstanceId } from './localInstanceId.js';
import { ResourceIdentities } from './ResourceIdentities.js';
import { spanToCall } from './spanToCall.js';
import { spanToRequest } from './spanToRequest.js';

const CANDIDATE = Object.freeze({ exemplarCandidate: true });
const NOT_CANDIDATE = Object.freeze({ exemplarCandidate: false });

/**
 * Writes every finished HTTP server span into a {@link RequestStore}, and
 * every CLIENT (and PRODUCER) span as an outgoing call (`spanToCall`).
 *
 * Contract (as the OTel `SpanExporter`): `export` never throws, and a failure
 * goes to the callback as `FAILED`; `shutdown` is idempotent; `forceFlush`
 * resolves. Export is synchronous, so a request is in the store before its
 * response has left the process. Spans that cannot be recorded are counted
 * in {@link droppedSpans}, never dropped silently.
 */
export class DashboardSpanExporter implements SpanExporter {
  private stopped = false;
  private dropped = 0;
  private readonly identities: ResourceIdentities;
  /** Each distinct statement is masked once, not per span. */
  private readonly statements = new StatementCache();

  constructor(
    private readonly store: RequestStore,
    /** Instance of spans whose resource names none: this process's `host:pid` by default. */
    fallbackInstance: string = localInstanceId(),
  ) {
    this.identities = new ResourceIdentities(fallbackInstance, (id, attributes) =>
      store.instanceTimeline.saw(
        id.service,
        id.instance,
        versionOf(attributes),
        String(attributes['process.pid'] ?? ''),
        true,
      ),
    );
  }

  /** Spans received but not recorded: after shutdown, or when recording failed. */
  get droppedSpans(): number {
    return this.dropped;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      this.dropped += spans.length;
      resultCallback({
        code: ExportResultCode.FAILED,
        error: new Error('DashboardSpanExporter is shut down'),
      });
      return;
    }
    let firstError: Error | undefined;
    for (const span of spans) {
      try {
        const record = spanToRequest(span, this.identities);
        if (record !== undefined) this.store.record(record);
        else this.recordCall(span);
      } catch (err) {
        this.dropped++;
        firstError ??= err instanceof Error ? err : new Error(String(err));
      }
    }
    resultCallback(
      firstError === undefined
        ? { code: ExportResultCode.SUCCESS }
        : { code: ExportResultCode.FAILED, error: firstError },
    );
  }

  /**
   * Records one span, as {@link export} does, without a batch array or a
   * result callback: the dashboard processor's path, once per span. Says
   * whether the store kept it as an exemplar candidate; a span that could
   * not be recorded is counted in {@link droppedSpans}.
   */
  exportOne(span: ReadableSpan): { exemplarCandidate: boolean } {
    if (this.stopped) {
      this.dropped++;
      return NOT_CANDIDATE;
    }
    try {
      const record = spanToRequest(span, this.identities);
      if (record === undefined) {
        this.recordCall(span);
        return NOT_CANDIDATE;
      }
      if (!this.store.record(record)) return NOT_CANDIDATE;
      return this.store.lastRecordWasExemplarCandidate ? CANDIDATE : NOT_CANDIDATE;
    } catch {
      this.dropped++;
      return NOT_CANDIDATE;
    }
  }

  /** Records a CLIENT or PRODUCER span as a call; other kinds are not the store's. */
  private recordCall(span: ReadableSpan): void {
    const call = spanToCall(span, this.identities, this.statements.normalize);
    if (call !== undefined) this.store.recordCall(call);
  }

  shutdown(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}
