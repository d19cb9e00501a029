import type { IncomingMessage, ServerResponse } from 'node:http';
import { InternalErrors } from '../guard/InternalErrors.js';
import { tokenCheck } from '../http/dashboardAuth.js';
import { StatementCache } from '../privacy/StatementCache.js';
import { versionOf } from '../reportInputs/ResourceIdentity.js';
import type { RequestStore } from '../store/RequestStore.js';
import type { ReceivedDurationHistogram } from '../telemetry/http/ReceivedDurationHistogram.js';
import { ResourceIdentities } from '../telemetry/ResourceIdentities.js';
import { spanToCall } from '../telemetry/spanToCall.js';
import { spanToRequest } from '../telemetry/spanToRequest.js';

/** The instance of a sender whose resource names none (no service.instance.id, no host.name and process.pid). */
const UNKNOWN_INSTANCE = 'unknown_instance';

import { COMPACT_CONTENT_TYPE } from './compactSpanFormat.js';
import {
  type BodyFormat,
  CONTENT_TYPES,
  jsonStatusBody,
  OtlpCodec,
  type OtlpFormat,
} from './OtlpCodec.js';
import { attributesOf } from './otlpAttributes.js';
import {
  type ExportTraceRequest,
  OTLP_SPAN_KIND_CLIENT,
  OTLP_SPAN_KIND_PRODUCER,
  OTLP_SPAN_KIND_SERVER,
  type SpanMessage,
} from './otlpMessages.js';
import type { SpanVisitor } from './protobufSpans.js';
import { type ReceivedResource, type ReceivedSpan, receivedSpan } from './ReceivedSpan.js';
import type { ReceivedTraces } from './ReceivedTraces.js';
import { DEFAULT_RECEIVER_LIMITS, type ReceiverLimits } from './ReceiverLimits.js';
import { ReceiverRejection } from './ReceiverRejection.js';
import { ReceiverStats } from './ReceiverStats.js';
import { readBoundedBody } from './readBoundedBody.js';
import { WorkSlicer } from './WorkSlicer.js';

/** What a receiver writes to and how it guards itself. */
export interface OtlpReceiverOptions {
  /** Where every SERVER span's record goes. */
  readonly store: RequestStore;
  /** When set, every request needs it (`Authorization: Bearer <token>`, or the Basic password). */
  readonly dashboardToken?: string | undefined;
  /** Limits other than the defaults ({@link DEFAULT_RECEIVER_LIMITS}). */
  readonly limits?: Partial<ReceiverLimits> | undefined;
  /** The clock the far-future check reads; `Date.now` by default. */
  readonly now?: () => number;
  /** Counts an unexpected failure (a 500, an answer that could not be sent); a guard of its own when none is given. */
  readonly guard?: InternalErrors | undefined;
  /** Where the spans of received traces are held for the trace view (every kind); none: they are not. */
  readonly traces?: ReceivedTraces | undefined;
  /** Where each SERVER span the store recorded also goes, for `/metrics` per instance; none: nowhere. */
  readonly durations?: ReceivedDurationHistogram | undefined;
}

/** What one accepted request did. */
export interface IngestResult {
  /** SERVER spans recorded in the store. */
  readonly recorded: number;
  /** Spans of other kinds, accepted and not recorded as requests (CLIENT and PRODUCER ones are rolled up as calls). */
  readonly ignored: number;
  /** SERVER spans refused by the span checks (ids, times, attribute limits). */
  readonly invalid: number;
  /** SERVER spans the store dropped as older than its retention. */
  readonly tooOld: number;
}

/** The encoding a Content-Type names, or undefined for any other type. */
function formatOf(contentType: string | undefined): BodyFormat | undefined {
  const type = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  if (type === 'application/x-protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  if (type === COMPACT_CONTENT_TYPE) return 'compact';
  return undefined;
}

/** True for gzip, false for none or identity. @throws ReceiverRejection 415 for any other. */
function isGzip(encoding: string | undefined): boolean {
  const value = encoding?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'identity') return false;
  if (value === 'gzip' || value === 'x-gzip') return true;
  throw new ReceiverRejection(
    415,
    'unsupported_type',
    `Content-Encoding must be gzip or identity, got: ${value.slice(0, 50)}`,
  );
}

function partialMessage(result: IngestResult): string {
  const parts: string[] = [];
  if (result.invalid > 0) {
    parts.push(`${result.invalid} invalid (ids, times or attribute limits)`);
  }
  if (result.tooOld > 0) parts.push(`${result.tooOld} older than the retention`);
  return parts.length === 0 ? '' : `spans rejected: ${parts.join(', ')}`;
}

/**
 * The OTLP/HTTP trace receiver: `POST /v1/traces` with an
 * ExportTraceServiceRequest in protobuf or JSON, gzip or not, answered as
 * the OTLP specification says: 200 with an ExportTraceServiceResponse in the
 * request's encoding (`partial_success` when spans were rejected), or a
 * google.rpc.Status body with 400 (malformed), 401 (token), 405, 408 (slow
 * body), 413 (too large, as sent or after gunzip, or too many spans), 415,
 * or 503 with `Retry-After` when too many requests are being read at once.
 * Every SERVER span goes through `spanToRequest` into the store; spans of
 * other kinds are accepted and not recorded. With `traces`, the spans of
 * every kind also go to the trace ring, under its admission rules. Nothing it refuses goes uncounted
 * ({@link stats}); nothing a client sends makes it throw or grow unbounded.
 * Nor stall the host: a body is decoded, mapped and recorded span by span,
 * in slices of about 2 ms each followed by a rest as long (see
 * {@link WorkSlicer}), so the app's own requests run between slices.
 */
export class OtlpReceiver {
  /** Requests and spans by fate. */
  readonly stats = new ReceiverStats();
  private codecInstance: OtlpCodec | undefined;
  private readonly limits: ReceiverLimits;
  private readonly store: RequestStore;
  private readonly now: () => number;
  private readonly checkToken: ReturnType<typeof tokenCheck> | undefined;
  /** Service and instance per received resource (one object per ResourceSpans), cached; each new one told to the timeline. */
  private readonly identities: ResourceIdentities;
  /** Each distinct statement is masked once, not per span. */
  private readonly statements = new StatementCache();
  private reading = 0;
  private readonly guard: InternalErrors;
  private readonly traces: ReceivedTraces | undefined;
  private readonly durations: ReceivedDurationHistogram | undefined;

  constructor(options: OtlpReceiverOptions) {
    this.store = options.store;
    const timeline = options.store.instanceTimeline;
    this.identities = new ResourceIdentities(UNKNOWN_INSTANCE, (id, attributes) =>
      timeline.saw(
        id.service,
        id.instance,
        versionOf(attributes),
        String(attributes['process.pid'] ?? ''),
        false,
      ),
    );
    this.traces = options.traces;
    this.durations = options.durations;
    this.guard = options.guard ?? InternalErrors.toConsole();
    this.limits = Object.freeze({ ...DEFAULT_RECEIVER_LIMITS, ...options.limits });
    this.now = options.now ?? Date.now;
    this.checkToken =
      options.dashboardToken === undefined ? undefined : tokenCheck(options.dashboardToken);
  }

  /** The codec, built on first use: a process that never receives pays nothing for the schema. */
  private get codec(): OtlpCodec {
    this.codecInstance ??= new OtlpCodec();
    return this.codecInstance;
  }

  /** Whether the codec is built or can be (its failure is recorded where it happened). */
  private codecBuilds(): boolean {
    try {
      return this.codec !== undefined;
    } catch {
      return false;
    }
  }

  /** Answers one request to the receiver's path. Never throws; the answer may come later. */
  serve(req: IncomingMessage, res: ServerResponse): void {
    this.handle(req, res).catch((err: unknown) => {
      // The error answer itself failed (headers already sent, a destroyed socket).
      this.guard.record('receiver.request', err);
      res.destroy();
    });
  }

  /**
   * Decodes one body and records its SERVER spans: the whole of the work
   * after the body is read, for the benchmark and {@link serve}. Counts what
   * it accepts.
   * @throws ReceiverRejection when the body is refused whole (not counted here).
   */
  ingest(body: Buffer, format: BodyFormat): IngestResult {
    const request = this.codec.decode(body, format);
    this.checkSpanCount(request);
    const counts = newCounts();
    const nowMs = this.now();
    for (const [span, resource] of spansOf(request, this.limits)) {
      this.recordSpan(span, resource, nowMs, counts);
    }
    return this.counted(counts);
  }

  /**
   * What {@link ingest} does, in slices of a few milliseconds with a yield
   * to the event loop between them (decoding, mapping and recording alike),
   * so a body at the size limit never stalls the host: what {@link serve} runs.
   * @throws ReceiverRejection when the body is refused whole (not counted here).
   */
  async ingestSliced(body: Buffer, format: BodyFormat): Promise<IngestResult> {
    const slicer = new WorkSlicer();
    const max = this.limits.maxSpansPerRequest;
    const parsed = this.codec.parse(body, format);
    // Twice: first to check the body whole (it is refused whole, or recorded
    // whole), keeping nothing, then to record each span as it is decoded.
    await this.codec.walk(parsed, max, slicer, CHECK_ONLY);
    const counts = newCounts();
    const nowMs = this.now();
    await this.codec.walk(parsed, max, slicer, {
      resource: (resource) => {
        const attributes = attributesOf(resource?.attributes, this.limits);
        return attributes === undefined ? undefined : { attributes };
      },
      span: (span, resource: ReceivedResource | undefined) =>
        this.recordSpan(span, resource, nowMs, counts),
    });
    return this.counted(counts);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const format = formatOf(req.headers['content-type']);
    // A compact batch is answered in OTLP/JSON: its sender reads the status only.
    const answerFormat: OtlpFormat | undefined = format === 'compact' ? 'json' : format;
    let bodyRead = false;
    try {
      const denied = this.checkToken?.(req.headers.authorization);
      if (denied !== undefined) {
        throw new ReceiverRejection(401, 'unauthorized', denied.message, denied.headers);
      }
      if (req.method !== 'POST') {
        throw new ReceiverRejection(405, 'method_not_allowed', 'Method not allowed; use POST', {
          Allow: 'POST',
        });
      }
      if (format === undefined) {
        const type = req.headers['content-type'] ?? '(none)';
        throw new ReceiverRejection(
          415,
          'unsupported_type',
          `Content-Type must be application/x-protobuf or application/json, got: ${type.slice(0, 100)}`,
        );
      }
      const gzip = isGzip(req.headers['content-encoding']);
      if (this.reading >= this.limits.maxConcurrentRequests) {
        throw new ReceiverRejection(503, 'overloaded', 'Too many OTLP requests at once; retry', {
          'Retry-After': '1',
        });
      }
      this.reading++;
      let result: IngestResult;
      try {
        const body = await readBoundedBody(req, {
          maxBytes: this.limits.maxBodyBytes,
          timeoutMs: this.limits.bodyTimeoutMs,
          gzip,
        });
        bodyRead = true;
        result = await this.ingestSliced(body, format);
      } finally {
        this.reading--;
      }
      const rejected = result.invalid + result.tooOld;
      const answer = answerFormat ?? 'json';
      send(res, 200, answer, this.codec.encodeResponse(answer, rejected, partialMessage(result)));
    } catch (err) {
      if (!(err instanceof ReceiverRejection)) this.guard.record('receiver.request', err);
      const rejection =
        err instanceof ReceiverRejection
          ? err
          : new ReceiverRejection(500, 'internal', 'Internal server error');
      this.stats.rejectedRequest(rejection.reason);
      // An unread body is never drained: the connection closes after the answer.
      if (!bodyRead) res.setHeader('Connection', 'close');
      for (const [name, value] of Object.entries(rejection.headers)) res.setHeader(name, value);
      // In JSON when the codec itself cannot be built (protobufjs loads at the first receive).
      const errorFormat = answerFormat === 'protobuf' && this.codecBuilds() ? 'protobuf' : 'json';
      send(
        res,
        rejection.status,
        errorFormat,
        errorFormat === 'json'
          ? jsonStatusBody(rejection.grpcCode, rejection.message)
          : this.codec.encodeStatus(errorFormat, rejection.grpcCode, rejection.message),
      );
    }
  }

  private checkSpanCount(request: ExportTraceRequest): void {
    let spans = 0;
    for (const rs of request.resourceSpans ?? [])
      for (const ss of rs.scopeSpans ?? []) spans += ss.spans?.length ?? 0;
    if (spans > this.limits.maxSpansPerRequest) {
      throw new ReceiverRejection(
        413,
        'too_large',
        `${spans} spans in one request; at most ${this.limits.maxSpansPerRequest}`,
      );
    }
  }

  /**
   * Maps one span and records it if it is a SERVER span, counting its fate;
   * hands it to the trace ring when there is one (a SERVER span only once
   * the store recorded it, since admission asks whether it is an exemplar
   * candidate).
   */
  private recordSpan(
    span: SpanMessage,
    resource: ReceivedResource | undefined,
    nowMs: number,
    counts: SpanCounts,
  ): void {
    const traces = this.traces;
    if (span.kind !== OTLP_SPAN_KIND_SERVER) {
      // Not a request: counted as ignored, as before; a CLIENT or PRODUCER span of
      // another process is rolled up under its dependency too, as a local one is.
      counts.ignored++;
      const isCall = span.kind === OTLP_SPAN_KIND_CLIENT || span.kind === OTLP_SPAN_KIND_PRODUCER;
      if ((!isCall && traces === undefined) || resource === undefined) return;
      const other = receivedSpan(span, resource, this.limits, nowMs);
      const call =
        isCall && other !== undefined
          ? spanToCall(other, this.identities, this.statements.normalize)
          : undefined;
      if (call !== undefined) this.store.recordCall(call);
      if (other !== undefined) traces?.other(other);
      return;
    }
    const received =
      resource === undefined ? undefined : receivedSpan(span, resource, this.limits, nowMs);
    const rec = received === undefined ? undefined : spanToRequest(received, this.identities);
    if (rec === undefined) counts.invalid++;
    else if (this.store.record(rec)) {
      counts.recorded++;
      this.durations?.record(received as ReceivedSpan, rec);
      traces?.request(received as ReceivedSpan, this.store.lastRecordWasExemplarCandidate);
    } else counts.tooOld++;
  }

  private counted(counts: SpanCounts): IngestResult {
    this.stats.accepted(counts.recorded, counts.ignored);
    this.stats.rejectedSpans('invalid_span', counts.invalid);
    this.stats.rejectedSpans('too_old', counts.tooOld);
    return { ...counts };
  }
}

/** A walk that only decodes: a body's check. */
const CHECK_ONLY: SpanVisitor<undefined> = { resource: () => undefined, span: () => {} };

/** {@link IngestResult}, while it is being counted. */
type SpanCounts = { -readonly [K in keyof IngestResult]: number };

const newCounts = (): SpanCounts => ({ recorded: 0, ignored: 0, invalid: 0, tooOld: 0 });

/**
 * Each span of a request with its resource: one {@link ReceivedResource}
 * per ResourceSpans (the identity cache keys on it), undefined when the
 * resource is over the limits, which makes each of its SERVER spans invalid.
 */
function* spansOf(
  request: ExportTraceRequest,
  limits: ReceiverLimits,
): Generator<[SpanMessage, ReceivedResource | undefined]> {
  for (const rs of request.resourceSpans ?? []) {
    const attributes = attributesOf(rs.resource?.attributes, limits);
    const resource: ReceivedResource | undefined =
      attributes === undefined ? undefined : { attributes };
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) yield [span, resource];
    }
  }
}

function send(res: ServerResponse, status: number, format: OtlpFormat, body: Buffer): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  res.statusCode = status;
  res.setHeader('Content-Type', CONTENT_TYPES[format]);
  res.setHeader('Content-Length', body.length);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(body);
}
