import type protobuf from 'protobufjs';
import { loadProtobufjs } from '../loadProtobufjs.js';
import { MalformedCompactBatch } from './CompactSpanReader.js';
import { decodeCompactSpans, walkCompactSpans } from './compactSpans.js';
import { OTLP_DESCRIPTOR } from './otlpDescriptor.js';
import type { ExportTraceRequest, SpanMessage } from './otlpMessages.js';
import {
  type ResourceMessage,
  type SpanVisitor,
  TooManySpans,
  walkSpans,
} from './protobufSpans.js';
import { ReceiverRejection } from './ReceiverRejection.js';
import type { WorkSlicer } from './WorkSlicer.js';

/** The two OTLP/HTTP encodings. */
export type OtlpFormat = 'protobuf' | 'json';

/** What a body may be: either OTLP encoding, or a cluster worker's compact batch (see `compactSpanFormat.ts`), answered in JSON. */
export type BodyFormat = OtlpFormat | 'compact';

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

/** A body made ready for {@link OtlpCodec.walk}. */
export type ParsedBody =
  | { readonly format: 'protobuf'; readonly bytes: Buffer }
  | { readonly format: 'compact'; readonly bytes: Buffer }
  | { readonly format: 'json'; readonly json: Record<string, unknown> };

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
    const root = loadProtobufjs().Root.fromJSON(OTLP_DESCRIPTOR as protobuf.INamespace);
    const service = 'opentelemetry.proto.collector.trace.v1';
    this.request = root.lookupType(`${service}.ExportTraceServiceRequest`);
    this.response = root.lookupType(`${service}.ExportTraceServiceResponse`);
    this.status = root.lookupType('google.rpc.Status');
    this.resource = root.lookupType('opentelemetry.proto.resource.v1.Resource');
    this.span = root.lookupType('opentelemetry.proto.trace.v1.Span');
  }

  /**
   * A body made ready for {@link walk}: protobuf stays bytes; JSON is
   * parsed (the one step done whole) and checked to be an object.
   * @throws ReceiverRejection 400 when it is not.
   */
  parse(body: Buffer, format: BodyFormat): ParsedBody {
    if (format === 'protobuf') return { format, bytes: body };
    if (format === 'compact') return { format, bytes: body };
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw malformed('Malformed JSON body');
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw malformed('An OTLP/JSON body must be an ExportTraceServiceRequest object');
    }
    return { format, json: json as Record<string, unknown> };
  }

  /**
   * Walks the spans of a parsed body as {@link decode} would decode them,
   * one at a time, with a `slicer` tick per span, handing each to `visit`
   * as soon as it is decoded, so a large body neither holds the event loop
   * nor stays in memory decoded; returns the number of spans.
   * @throws ReceiverRejection 400 when the body is not an
   * ExportTraceServiceRequest (spans before the fault stay visited: walk
   * once with a visitor that keeps nothing to check a body whole), 413 as
   * soon as it holds more than `maxSpans` spans.
   */
  async walk<R>(
    parsed: ParsedBody,
    maxSpans: number,
    slicer: WorkSlicer,
    visit: SpanVisitor<R>,
  ): Promise<number> {
    if (parsed.format === 'compact') {
      try {
        return await walkCompactSpans(parsed.bytes, maxSpans, slicer, visit);
      } catch (err) {
        if (err instanceof TooManySpans) throw tooMany(maxSpans);
        throw malformed(`Malformed compact span batch: ${messageOf(err)}`);
      }
    }
    if (parsed.format === 'protobuf') {
      try {
        const types = { resource: this.resource, span: this.span };
        return await walkSpans(parsed.bytes, types, maxSpans, slicer, visit);
      } catch (err) {
        if (err instanceof TooManySpans) throw tooMany(maxSpans);
        throw malformed(`Malformed protobuf ExportTraceServiceRequest: ${messageOf(err)}`);
      }
    }
    let count = 0;
    for (const rsValue of listOf(parsed.json.resourceSpans, 'resourceSpans')) {
      const rs = objectOf(rsValue, 'resourceSpans[]');
      const resource = visit.resource(
        rs.resource === undefined || rs.resource === null
          ? undefined
          : (this.fromObject(this.resource, objectOf(rs.resource, 'resource')) as ResourceMessage),
      );
      for (const ssValue of listOf(rs.scopeSpans, 'scopeSpans')) {
        for (const spanValue of listOf(objectOf(ssValue, 'scopeSpans[]').spans, 'spans')) {
          if (++count > maxSpans) throw tooMany(maxSpans);
          const span = objectOf(spanValue, 'spans[]');
          hexIdsToBytes([span]);
          visit.span(this.fromObject(this.span, span) as SpanMessage, resource);
          const pause = slicer.tick();
          if (pause !== undefined) await pause;
        }
      }
    }
    return count;
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
  decode(body: Buffer, format: BodyFormat): ExportTraceRequest {
    if (format === 'compact') {
      try {
        return decodeCompactSpans(body);
      } catch (err) {
        if (!(err instanceof MalformedCompactBatch)) throw err;
        throw malformed(`Malformed compact span batch: ${messageOf(err)}`);
      }
    }
    if (format === 'protobuf') {
      try {
        return this.request.decode(body) as unknown as ExportTraceRequest;
      } catch (err) {
        throw malformed(`Malformed protobuf ExportTraceServiceRequest: ${messageOf(err)}`);
      }
    }
    const { json } = this.parse(body, 'json') as Extract<ParsedBody, { format: 'json' }>;
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
    if (format === 'json') return jsonStatusBody(code, message);
    return Buffer.from(this.status.encode(this.status.create({ code, message })).finish());
  }
}

/** A google.rpc.Status error body in OTLP/JSON: what needs no schema, so it answers even when protobufjs cannot load. */
export function jsonStatusBody(code: number, message: string): Buffer {
  return Buffer.from(JSON.stringify({ code, message }));
}

function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 200);
}
