import { randomBytes } from 'node:crypto';
import type protobuf from 'protobufjs';
import { loadOtlpProtoFiles } from '../../scripts/loadOtlpProtoFiles.js';

/** The schema straight from the vendored .proto files: an oracle independent of the committed descriptor. */
const root: protobuf.Root = loadOtlpProtoFiles();
const SERVICE = 'opentelemetry.proto.collector.trace.v1';
const RequestType = root.lookupType(`${SERVICE}.ExportTraceServiceRequest`);
const ResponseType = root.lookupType(`${SERVICE}.ExportTraceServiceResponse`);
const StatusType = root.lookupType('google.rpc.Status');

/** A JSON object of OTLP/JSON. */
export type Json = Record<string, unknown>;

/** A valid OTLP/JSON SERVER span of `GET /items/:id` → 200, ended `agoMs` before now; `fields` override. */
export function jsonSpan(fields: Json = {}, agoMs = 1_000): Json {
  const endNs = BigInt(Date.now() - agoMs) * 1_000_000n;
  return {
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    name: 'GET /items/:id',
    kind: 2,
    startTimeUnixNano: String(endNs - 5_000_000n),
    endTimeUnixNano: String(endNs),
    attributes: [
      { key: 'http.request.method', value: { stringValue: 'GET' } },
      { key: 'http.route', value: { stringValue: '/items/:id' } },
      { key: 'http.response.status_code', value: { intValue: '200' } },
    ],
    ...fields,
  };
}

/** An ExportTraceServiceRequest of one resource and scope holding `spans`. */
export function jsonRequest(
  spans: readonly Json[],
  resourceAttributes: readonly Json[] = [],
): Json {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: 'hostile' } },
            ...resourceAttributes,
          ],
        },
        scopeSpans: [{ scope: { name: 'test' }, spans }],
      },
    ],
  };
}

const HEX_KEYS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** The same request in protobuf: hex ids to bytes (as the JSON mapping defines them), then encoded. */
export function protobufBody(request: Json): Buffer {
  const withBytes = JSON.parse(JSON.stringify(request), (key, value) =>
    HEX_KEYS.has(key) && typeof value === 'string' ? Buffer.from(value, 'hex') : value,
  );
  return Buffer.from(RequestType.encode(RequestType.fromObject(withBytes)).finish());
}

/** A google.rpc.Status error body, decoded by the response's Content-Type. */
export function decodeStatus(
  body: Buffer,
  contentType: string | undefined,
): { code: number; message: string } {
  if (contentType === 'application/x-protobuf') {
    return StatusType.toObject(StatusType.decode(body), { defaults: true }) as {
      code: number;
      message: string;
    };
  }
  return JSON.parse(body.toString('utf8'));
}

/** An ExportTraceServiceResponse's `partial_success`, decoded by the response's Content-Type (0 and '' when absent). */
export function decodePartialSuccess(
  body: Buffer,
  contentType: string | undefined,
): { rejectedSpans: number; errorMessage: string } {
  const object =
    contentType === 'application/x-protobuf'
      ? ResponseType.toObject(ResponseType.decode(body), { longs: String })
      : JSON.parse(body.toString('utf8'));
  const partial = (object as { partialSuccess?: { rejectedSpans?: string; errorMessage?: string } })
    .partialSuccess;
  return {
    rejectedSpans: Number(partial?.rejectedSpans ?? 0),
    errorMessage: partial?.errorMessage ?? '',
  };
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  let v = n;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

/** A length-delimited protobuf field (wire type 2). */
export function field(id: number, content: Buffer | string): Buffer {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return Buffer.concat([varint((id << 3) | 2), varint(bytes.length), bytes]);
}

/**
 * A protobuf request whose one span has an attribute nested `depth`
 * ArrayValues deep, built field by field (protobufjs refuses to encode
 * past its own nesting limit).
 */
export function deeplyNestedProtobuf(depth: number): Buffer {
  let anyValue = field(1, 'x'); // AnyValue.string_value
  for (let i = 0; i < depth; i++) anyValue = field(5, field(1, anyValue)); // array_value.values
  const keyValue = Buffer.concat([field(1, 'extra'), field(2, anyValue)]);
  const span = field(9, keyValue); // Span.attributes
  return field(1, field(2, field(2, span))); // resource_spans.scope_spans.spans
}
