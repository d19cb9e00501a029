import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExportTraceServiceRequest, ExportTraceServiceResponse } from './otlpTraceSchema.js';

/** An attribute value as OTLP carries it, flattened to JavaScript. */
export type AttributeValue = string | number | boolean | AttributeValue[] | null;

/** One span as the collector double decoded it. */
export interface CollectedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** The parent's span id; '' for a root span. */
  readonly parentSpanId: string;
  /** The instrumentation scope that made it (`@opentelemetry/instrumentation-http`). */
  readonly scope: string;
  readonly name: string;
  /** OTLP SpanKind: 2 is SERVER. */
  readonly kind: number;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly resource: Readonly<Record<string, AttributeValue>>;
  /** End minus start, in milliseconds (to about a microsecond: times are decoded as doubles). */
  readonly durationMs: number;
  /** OTLP status: code 0 unset, 1 ok, 2 error. */
  readonly status: { readonly code: number; readonly message: string };
  /** The span's events, by name, with their attributes. */
  readonly events: readonly {
    readonly name: string;
    readonly attributes: Readonly<Record<string, AttributeValue>>;
  }[];
}

/** One POST the collector double got. */
export interface CollectedRequest {
  readonly path: string;
  readonly contentType: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly spans: number;
}

/** How the collector double answers: accept, fail with a status, or never answer. */
export type CollectorMode =
  | 'accept'
  | 'hang'
  | { readonly status: number; readonly retryAfterSeconds?: number };

/** OTLP SpanKind SERVER. */
export const SPAN_KIND_SERVER = 2;

/** OTLP SpanKind CLIENT. */
export const SPAN_KIND_CLIENT = 3;

interface KeyValueObject {
  key?: string;
  value?: AnyValueObject;
}
interface AnyValueObject {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValueObject[] };
}
interface SpanObject {
  traceId?: Uint8Array | string;
  spanId?: Uint8Array | string;
  parentSpanId?: Uint8Array | string;
  name?: string;
  kind?: number;
  attributes?: KeyValueObject[];
  startTimeUnixNano?: number | string;
  endTimeUnixNano?: number | string;
  status?: { code?: number; message?: string };
  events?: { name?: string; attributes?: KeyValueObject[] }[];
}
interface RequestObject {
  resourceSpans?: {
    resource?: { attributes?: KeyValueObject[] };
    scopeSpans?: { scope?: { name?: string }; spans?: SpanObject[] }[];
  }[];
}

function anyValue(v: AnyValueObject | undefined): AttributeValue {
  if (v === undefined) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  // OTLP/JSON may carry int64 as a string; protobuf decoding gives a number here.
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(anyValue);
  return null;
}

function attributesOf(list: KeyValueObject[] | undefined): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const kv of list ?? []) if (kv.key !== undefined) out[kv.key] = anyValue(kv.value);
  return out;
}

// Protobuf ids are bytes; OTLP/JSON ids are hex strings already.
function hex(id: Uint8Array | string | undefined): string {
  if (id === undefined) return '';
  return typeof id === 'string' ? id : Buffer.from(id).toString('hex');
}

/** Flattens a decoded ExportTraceServiceRequest (protobuf or JSON, both camelCase) to spans. */
function spansOf(request: RequestObject): CollectedSpan[] {
  const spans: CollectedSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = attributesOf(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        spans.push({
          traceId: hex(s.traceId),
          spanId: hex(s.spanId),
          parentSpanId: hex(s.parentSpanId),
          scope: ss.scope?.name ?? '',
          name: s.name ?? '',
          kind: s.kind ?? 0,
          attributes: attributesOf(s.attributes),
          resource,
          durationMs: (Number(s.endTimeUnixNano ?? 0) - Number(s.startTimeUnixNano ?? 0)) / 1e6,
          status: { code: s.status?.code ?? 0, message: s.status?.message ?? '' },
          events: (s.events ?? []).map((e) => ({
            name: e.name ?? '',
            attributes: attributesOf(e.attributes),
          })),
        });
      }
    }
  }
  return spans;
}

/** Decodes a binary ExportTraceServiceRequest (OTLP/HTTP protobuf, or a gRPC message) to spans. */
export function decodeProtobufRequest(body: Uint8Array): CollectedSpan[] {
  const message = ExportTraceServiceRequest.decode(body);
  const object = ExportTraceServiceRequest.toObject(message, { longs: Number, enums: Number });
  return spansOf(object as RequestObject);
}

/** Decodes a body by its content type; throws on anything that is not OTLP. */
function decode(contentType: string, body: Buffer): CollectedSpan[] {
  if (contentType === 'application/x-protobuf') return decodeProtobufRequest(body);
  if (contentType === 'application/json') return spansOf(JSON.parse(body.toString('utf8')));
  throw new Error(`unexpected content-type: ${contentType}`);
}

/**
 * A test double for an OpenTelemetry Collector (not the library's own
 * src/receiver/OtlpReceiver): a real OTLP/HTTP endpoint on 127.0.0.1: `POST /v1/traces`, bodies decoded
 * with protobufjs (http/protobuf) or JSON.parse (http/json), and OTLP/JSON
 * `POST /v1/metrics`; answered as an OTLP collector would, or with a chosen
 * failure.
 */
export class OtlpCollectorDouble {
  /** Every span decoded, in arrival order. */
  readonly spans: CollectedSpan[] = [];
  /** Every OTLP/JSON metrics request (`POST /v1/metrics`), parsed. */
  readonly metrics: unknown[] = [];
  /** Every POST received, decoded or not. */
  readonly requests: CollectedRequest[] = [];
  /** Bodies that could not be decoded, or requests to another path. */
  readonly errors: string[] = [];
  private readonly server: http.Server;

  private constructor(private readonly mode: CollectorMode) {
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  /** Starts a receiver on an ephemeral loopback port. */
  static async start(mode: CollectorMode = 'accept'): Promise<OtlpCollectorDouble> {
    const receiver = new OtlpCollectorDouble(mode);
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** `http://127.0.0.1:PORT`, the value for `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Stops listening and drops every connection, hanging ones included. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
      let spans: CollectedSpan[] = [];
      try {
        if (req.method === 'POST' && path === '/v1/metrics' && contentType === 'application/json') {
          this.metrics.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } else if (req.method === 'POST' && path === '/v1/traces') {
          spans = decode(contentType, Buffer.concat(chunks));
        } else {
          throw new Error(`unexpected ${req.method} ${path} (${contentType})`);
        }
      } catch (err) {
        this.errors.push(String(err));
      }
      this.requests.push({ path, contentType, headers: req.headers, spans: spans.length });
      if (this.mode === 'hang') return;
      if (this.mode !== 'accept') {
        const retry = this.mode.retryAfterSeconds;
        res
          .writeHead(this.mode.status, {
            'content-type': 'text/plain',
            ...(retry === undefined ? {} : { 'retry-after': String(retry) }),
          })
          .end('unavailable');
        return;
      }
      this.spans.push(...spans);
      if (contentType === 'application/json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else {
        const body = ExportTraceServiceResponse.encode(
          ExportTraceServiceResponse.create(),
        ).finish();
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(Buffer.from(body));
      }
    });
  }
}
