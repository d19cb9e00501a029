import { SpanStatusCode } from '@opentelemetry/api';
import { DEFAULT_REDACT_QUERY, type RedactQueryMode } from '../privacy/RedactionSettings.js';
import { StatementCache } from '../privacy/StatementCache.js';
import { requireLimits } from '../traces/requireLimits.js';
import { SpanRecord } from '../traces/SpanRecord.js';
import type { TraceRing } from '../traces/TraceRing.js';
import type { ReceivedSpan } from './ReceivedSpan.js';

/** Received spans that may wait for the request of their trace, over all traces. */
export const DEFAULT_RECEIVED_PENDING_LIMIT = 5_000;

/** Options of {@link ReceivedTraces}. */
export interface ReceivedTracesOptions {
  /** How the URLs of held spans are masked (`GOLDEN_SIGNALS_REDACT_QUERY`); `sensitive` by default. */
  readonly redactQuery?: RedactQueryMode | undefined;
  /** Most spans waiting for their request; see {@link DEFAULT_RECEIVED_PENDING_LIMIT}. */
  readonly pendingLimit?: number | undefined;
}

/** Epoch milliseconds of a received span's end. */
function endMsOf(span: ReceivedSpan): number {
  return span.endTime[0] * 1e3 + span.endTime[1] / 1e6;
}

/**
 * Feeds the trace ring with spans received over OTLP (cluster workers,
 * other services), under the rules of the local spans: a request's trace
 * is held when the ring admits its SERVER span (the same
 * TraceAdmission, rate and counters), with every other span of the trace,
 * whatever its kind, so the waterfall has the children.
 *
 * A sender exports spans in the order they end, so children usually come
 * before their request, in the same body or an earlier one: they wait here,
 * bounded, until the request decides. The wait is kept in two generations
 * of half the limit each: when the newer is full, the older is let go
 * whole (children whose request never came here, or came before them and
 * was passed over), counted in the ring's `dropped_spans`, so each span
 * costs O(1) and nothing is scanned. A trace
 * full at the ring's per-trace limit drops the rest, counted in the ring's
 * `dropped_spans`, as local children are.
 */
export class ReceivedTraces {
  private readonly redact: RedactQueryMode;
  /** Each distinct statement is masked once, not per span. */
  private readonly statements = new StatementCache();
  private readonly half: number;
  private newer = new Map<string, ReceivedSpan[]>();
  private older = new Map<string, ReceivedSpan[]>();
  private newerSpans = 0;
  /** Spans in each generation's lists now (`newerSpans` also counts spans added to older lists). */
  private newerLive = 0;
  private olderLive = 0;

  /** @throws RangeError when the pending limit is not a non-negative integer. */
  constructor(
    /** The ring the local span processor feeds too. */
    readonly ring: TraceRing,
    options: ReceivedTracesOptions = {},
  ) {
    this.redact = options.redactQuery ?? DEFAULT_REDACT_QUERY;
    const pendingLimit = options.pendingLimit ?? DEFAULT_RECEIVED_PENDING_LIMIT;
    requireLimits({ pendingLimit });
    this.half = Math.floor(pendingLimit / 2);
  }

  /** Spans waiting for their request. */
  get pending(): number {
    return this.newerLive + this.olderLive;
  }

  /**
   * A received SERVER span that the store recorded: its trace is held when
   * the ring admits it (`exemplarCandidate`: the store kept it as one), with
   * the children that waited for it.
   */
  request(span: ReceivedSpan, exemplarCandidate: boolean): void {
    const traceId = span.traceId;
    const error = span.status.code === SpanStatusCode.ERROR;
    const waiting = this.take(traceId);
    if (!this.ring.admits(traceId, endMsOf(span), error, exemplarCandidate)) return;
    if (waiting !== undefined) {
      for (const child of waiting)
        this.ring.add(traceId, SpanRecord.of(child, this.redact, this.statements.normalize));
    }
    this.ring.add(traceId, SpanRecord.of(span, this.redact, this.statements.normalize));
  }

  /** Any other received span: joins its trace when the ring holds it, else waits for its request. */
  other(span: ReceivedSpan): void {
    const traceId = span.traceId;
    if (this.ring.has(traceId)) {
      this.ring.add(traceId, SpanRecord.of(span, this.redact, this.statements.normalize));
      return;
    }
    let spans = this.newer.get(traceId);
    let inNewer = spans !== undefined;
    if (spans === undefined) spans = this.older.get(traceId);
    if (spans === undefined) {
      if (this.half === 0) {
        this.ring.countDropped(1);
        return;
      }
      if (this.newerSpans >= this.half) this.rotate();
      spans = [];
      this.newer.set(traceId, spans);
      inNewer = true;
    }
    if (spans.length >= this.ring.spansPerTrace) {
      this.ring.countDropped(1);
      return;
    }
    spans.push(span);
    // Counted wherever it waits: then both generations together stay within the limit.
    this.newerSpans++;
    if (inNewer) this.newerLive++;
    else this.olderLive++;
  }

  /** The spans waiting for `traceId`'s request, no longer waiting. */
  private take(traceId: string): ReceivedSpan[] | undefined {
    const newer = this.newer.get(traceId);
    if (newer !== undefined) {
      this.newer.delete(traceId);
      this.newerSpans -= newer.length;
      this.newerLive -= newer.length;
      return newer;
    }
    const older = this.older.get(traceId);
    if (older !== undefined) {
      this.older.delete(traceId);
      this.olderLive -= older.length;
    }
    return older;
  }

  /** Lets the older generation go: its spans' requests never came, so they are counted as dropped. */
  private rotate(): void {
    this.ring.countDropped(this.olderLive);
    this.olderLive = this.newerLive;
    this.newerLive = 0;
    this.older = this.newer;
    this.newer = new Map();
    this.newerSpans = 0;
  }
}
