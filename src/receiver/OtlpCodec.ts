import protobuf from 'protobufjs';
import { OTLP_DESCRIPTOR } from './otlpDescriptor.js';
import type { ExportTraceRequest, ResourceSpansMessage, SpanMessage } from './otlpMessages.js';
import { decodeSpans, TooManySpans } from './protobufSpans.js';
import { ReceiverRejection } from './ReceiverRejection.js';
import type { WorkSlicer } from './WorkSlicer.js';

/** The two OTLP/HTTP encodings. */
export type OtlpFormat = 'protobuf' | 'json';

/** Content-Type of each encoding, as sent back. */
export const CONTENT_TYPES: Readonly<Record<OtlpFormat, string>> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

const HEX_ID = /^(?:[0-9a-fA-F]{2})*$/;
const NO_BYTES = new Uint8Array(0);

/**
 * OTLP/JSON ids are hex, where protobufjs's JSON form of `bytes` is base64:
 * so they become bytes first. A string that is not hex becomes no bytes,
 * which the span check rejects as an invalid id (that span only).
 */
function hexIdsToBytes(spans: unknown): void {
  if (!Array.isArray(spans)) return;
  for (const span of spans) {
    if (typeof span !== 'object' || span === null) continue;
    const s = span as Record<string, unknown>;
    for (const key of ['traceId', 'spanId', 'parentSpanId']) {
      const id = s[key];
      if (typeof id === 'string') s[key] = HEX_ID.test(id) ? Buffer.from(id, 'hex') : NO_BYTES;
    }
    // Links carry ids too; nothing reads them, but fromObject would read them as base64.
    if (Array.isArray(s.links)) for (const link of s.links) hexIdsToBytes([link]);
  }
}

function eachSpanList(json: unknown, visit: (spans: unknown) => void): void {
  const resourceSpans = (json as { resourceSpans?: unknown }).resourceSpans;
  if (!Array.isArray(resourceSpans)) return;
  for (const rs of resourceSpans) {
    const scopeSpans = (rs as { scopeSpans?: unknown } | null)?.scopeSpans;
    if (!Array.isArray(scopeSpans)) continue;
    for (const ss of scopeSpans) visit((ss as { spans?: unknown } | null)?.spans);
  }
}

const malformed = (message: string) => new ReceiverRejection(400, 'malformed', message);

const tooMany = (maxSpans: number) =>
  new ReceiverRejection(413, 'too_large', `more than ${maxSpans} spans in one request`);

/** `value` as an array: absent is empty; anything else is malformed. */
function listOf(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw malformed(`Malformed OTLP/JSON: ${what} must be an array`);
  return value;
}

function objectOf(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed(`Malformed OTLP/JSON: ${what} must be an object`);
  }
  return value as Record<string, unknown>;
}

/**
 * Decodes ExportTraceServiceRequest bodies and encodes the responses, with
 * protobufjs over the official OTLP schema (see `otlpDescriptor.ts`). Both
 * encodings decode to the same protobufjs message, so one span mapping
 * serves both. protobufjs bounds nesting (100 levels) and fails on
 * truncated or mis-typed wire data; every failure is a 400.
 */
export class OtlpCodec {
  private readonly request: protobuf.Type;
  private readonly resource: protobuf.Type;
  private readonly span: protobuf.Type;
  private readonly response: protobuf.Type;
  private readonly status: protobuf.Type;

  constructor() {
    const root = protobuf.Root.fromJSON(OTLP_DESCRIPTOR as protobuf.INamespace);
    const service = 'opentelemetry.proto.collector.trace.v1';
    this.request = root.lookupType(`${service}.ExportTraceServiceRequest`);
    this.response = root.lookupType(`${service}.ExportTraceServiceResponse`);
    this.status = root.lookupType('google.rpc.Status');
    this.resource = root.lookupType('opentelemetry.proto.resource.v1.Resource');
    this.span = root.lookupType('opentelemetry.proto.trace.v1.Span');
  }

  /**
   * The request in a body, as {@link decode} gives it, decoded span by span
   * with a `slicer` tick per span, so a large body never holds the event
   * loop for long (JSON.parse of a JSON body is the one step done whole).
   * @throws ReceiverRejection 400 when the body is not an ExportTraceServiceRequest,
   * 413 as soon as it holds more than `maxSpans` spans.
   */
  async decodeSliced(
    body: Buffer,
    format: OtlpFormat,
    maxSpans: number,
    slicer: WorkSlicer,
  ): Promise<ExportTraceRequest> {
    if (format === 'protobuf') {
      try {
        const types = { resource: this.resource, span: this.span };
        return { resourceSpans: await decodeSpans(body, types, maxSpans, slicer) };
      } catch (err) {
        if (err instanceof TooManySpans) throw tooMany(maxSpans);
        throw malformed(`Malformed protobuf ExportTraceServiceRequest: ${messageOf(err)}`);
      }
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw malformed('Malformed JSON body');
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw malformed('An OTLP/JSON body must be an ExportTraceServiceRequest object');
    }
    const resourceSpans: ResourceSpansMessage[] = [];
    let count = 0;
    for (const rsValue of listOf(
      (json as Record<string, unknown>).resourceSpans,
      'resourceSpans',
    )) {
      const rs = objectOf(rsValue, 'resourceSpans[]');
      const scopeSpans: { spans: SpanMessage[] }[] = [];
      for (const ssValue of listOf(rs.scopeSpans, 'scopeSpans')) {
        const spans: SpanMessage[] = [];
        for (const spanValue of listOf(objectOf(ssValue, 'scopeSpans[]').spans, 'spans')) {
          if (++count > maxSpans) throw tooMany(maxSpans);
          const span = objectOf(spanValue, 'spans[]');
          hexIdsToBytes([span]);
          spans.push(this.fromObject(this.span, span) as SpanMessage);
          const pause = slicer.tick();
          if (pause !== undefined) await pause;
        }
        scopeSpans.push({ spans });
      }
      const resource =
        rs.resource === undefined || rs.resource === null
          ? undefined
          : (this.fromObject(
              this.resource,
              objectOf(rs.resource, 'resource'),
            ) as ResourceSpansMessage['resource']);
      resourceSpans.push({ resource, scopeSpans });
    }
    return { resourceSpans };
  }

  private fromObject(type: protobuf.Type, value: Record<string, unknown>): unknown {
    try {
      return type.fromObject(value);
    } catch (err) {
      throw malformed(`Malformed OTLP/JSON ExportTraceServiceRequest: ${messageOf(err)}`);
    }
  }

  /**
   * The request in a body.
   * @throws ReceiverRejection 400 when the body is not an ExportTraceServiceRequest.
   */
  decode(body: Buffer, format: OtlpFormat): ExportTraceRequest {
    if (format === 'protobuf') {
      try {
        return this.request.decode(body) as unknown as ExportTraceRequest;
      } catch (err) {
        throw malformed(`Malformed protobuf ExportTraceServiceRequest: ${messageOf(err)}`);
      }
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw malformed('Malformed JSON body');
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw malformed('An OTLP/JSON body must be an ExportTraceServiceRequest object');
    }
    eachSpanList(json, hexIdsToBytes);
    try {
      return this.request.fromObject(json) as unknown as ExportTraceRequest;
    } catch (err) {
      throw malformed(`Malformed OTLP/JSON ExportTraceServiceRequest: ${messageOf(err)}`);
    }
  }

  /** An ExportTraceServiceResponse; `partial_success` only when something was rejected or there is a warning. */
  encodeResponse(format: OtlpFormat, rejectedSpans: number, errorMessage: string): Buffer {
    const partial =
      rejectedSpans === 0 && errorMessage === '' ? undefined : { rejectedSpans, errorMessage };
    if (format === 'json') {
      // Proto3 JSON: int64 as a decimal string.
      const body =
        partial === undefined
          ? {}
          : { partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } };
      return Buffer.from(JSON.stringify(body));
    }
    const message = this.response.create(partial === undefined ? {} : { partialSuccess: partial });
    return Buffer.from(this.response.encode(message).finish());
  }

  /** A google.rpc.Status error body. */
  encodeStatus(format: OtlpFormat, code: number, message: string): Buffer {
    if (format === 'json') return Buffer.from(JSON.stringify({ code, message }));
    return Buffer.from(this.status.encode(this.status.create({ code, message })).finish());
  }
}

function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 200);
}
