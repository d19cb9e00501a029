import type protobuf from 'protobufjs';
import { loadProtobufjs } from '../loadProtobufjs.js';
import type { ResourceSpansMessage, SpanMessage } from './otlpMessages.js';
import type { WorkSlicer } from './WorkSlicer.js';

/** Protobuf wire type of a length-delimited field (messages, strings, bytes). */
const LEN = 2;

/** The message types a body is decoded with, one span at a time. */
export interface SpanTypes {
  readonly resource: protobuf.Type;
  readonly span: protobuf.Type;
}

/** A resource as decoded: absent when its ResourceSpans has none. */
export type ResourceMessage = ResourceSpansMessage['resource'];

/** What a walk over the spans of a body calls: once per ResourceSpans, then once per span of it. */
export interface SpanVisitor<R> {
  resource(resource: ResourceMessage): R;
  span(span: SpanMessage, resource: R): void;
}

/** Thrown when a body has more spans than allowed; the caller answers 413. */
export class TooManySpans extends Error {
  constructor(readonly spans: number) {
    super(`more than ${spans} spans`);
  }
}

/** The end of the length-delimited field the reader is at (its length read). */
function endOf(reader: protobuf.Reader, wireType: number): number {
  if (wireType !== LEN) throw new Error(`wire type ${wireType} where a message was expected`);
  const length = reader.uint32();
  const end = reader.pos + length;
  if (end > reader.len) throw new RangeError('length past the end of the body');
  return end;
}

/** The last resource (field 1) of the ResourceSpans in [reader.pos, end), decoded; the reader is left where it was. */
function resourceOf(reader: protobuf.Reader, end: number, type: protobuf.Type): ResourceMessage {
  const start = reader.pos;
  let resource: ResourceMessage;
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1) {
      const fieldEnd = endOf(reader, tag & 7);
      resource = type.decode(reader, fieldEnd - reader.pos) as ResourceMessage;
    } else {
      reader.skipType(tag & 7);
    }
  }
  if (reader.pos !== end) throw new RangeError('a field ran past its ResourceSpans');
  reader.pos = start;
  return resource;
}

/**
 * Walks an ExportTraceServiceRequest span by span, decoding each span
 * alone and handing it to `visit` at once, with a {@link WorkSlicer} tick
 * per span: decoding a body at the size limit in one call holds the event
 * loop for tens of milliseconds, and holding every decoded span until the
 * end makes the young-generation GC copy them all; this does neither. The
 * wire format is walked by hand down to the spans
 * (ExportTraceServiceRequest.resource_spans = 1, ResourceSpans.resource =
 * 1 and scope_spans = 2, ScopeSpans.spans = 2); every other field is
 * skipped; a resource that appears twice keeps its last value, wherever it
 * stands, as protobufjs does. Stops with {@link TooManySpans} as soon as a
 * span past `maxSpans` is seen; throws on any wire error (spans visited
 * before it stay visited: walk once with a visitor that keeps nothing to
 * check a body whole).
 */
export async function walkSpans<R>(
  body: Uint8Array,
  types: SpanTypes,
  maxSpans: number,
  slicer: WorkSlicer,
  visit: SpanVisitor<R>,
): Promise<number> {
  const reader = loadProtobufjs().Reader.create(body);
  let spans = 0;
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 !== 1) {
      reader.skipType(tag & 7);
      continue;
    }
    const rsEnd = endOf(reader, tag & 7);
    const resource = visit.resource(resourceOf(reader, rsEnd, types.resource));
    while (reader.pos < rsEnd) {
      const rsTag = reader.uint32();
      if (rsTag >>> 3 !== 2) {
        reader.skipType(rsTag & 7);
        continue;
      }
      const ssEnd = endOf(reader, rsTag & 7);
      while (reader.pos < ssEnd) {
        const ssTag = reader.uint32();
        if (ssTag >>> 3 !== 2) {
          reader.skipType(ssTag & 7);
          continue;
        }
        const end = endOf(reader, ssTag & 7);
        if (++spans > maxSpans) throw new TooManySpans(maxSpans);
        visit.span(types.span.decode(reader, end - reader.pos) as SpanMessage, resource);
        const pause = slicer.tick();
        if (pause !== undefined) await pause;
      }
      if (reader.pos !== ssEnd) throw new RangeError('a field ran past its ScopeSpans');
    }
    if (reader.pos !== rsEnd) throw new RangeError('a field ran past its ResourceSpans');
  }
  if (reader.pos !== reader.len) throw new RangeError('a field ran past the end of the body');
  return spans;
}
