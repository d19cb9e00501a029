import protobuf from 'protobufjs';
import type { ResourceSpansMessage, SpanMessage } from './otlpMessages.js';
import type { WorkSlicer } from './WorkSlicer.js';

/** Protobuf wire type of a length-delimited field (messages, strings, bytes). */
const LEN = 2;

/** The message types a body is decoded with, one span at a time. */
export interface SpanTypes {
  readonly resource: protobuf.Type;
  readonly span: protobuf.Type;
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

/**
 * Decodes an ExportTraceServiceRequest as protobufjs would, but span by
 * span, with a {@link WorkSlicer} tick per span: decoding a body at the
 * size limit in one call holds the event loop for tens of milliseconds;
 * this yields every few. The wire format is walked by hand down to the
 * spans (ExportTraceServiceRequest.resource_spans = 1, ResourceSpans.resource
 * = 1 and scope_spans = 2, ScopeSpans.spans = 2); every other field is
 * skipped; a field that appears twice keeps its last value, as protobufjs
 * does. Stops with {@link TooManySpans} as soon as a span past `maxSpans`
 * is seen. Throws (whole, nothing returned) on any wire error.
 */
export async function decodeSpans(
  body: Uint8Array,
  types: SpanTypes,
  maxSpans: number,
  slicer: WorkSlicer,
): Promise<ResourceSpansMessage[]> {
  const reader = protobuf.Reader.create(body);
  const out: ResourceSpansMessage[] = [];
  let spans = 0;
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 !== 1) {
      reader.skipType(tag & 7);
      continue;
    }
    const rsEnd = endOf(reader, tag & 7);
    let resource: ResourceSpansMessage['resource'];
    const scopeSpans: { spans: SpanMessage[] }[] = [];
    while (reader.pos < rsEnd) {
      const rsTag = reader.uint32();
      const id = rsTag >>> 3;
      if (id === 1) {
        const end = endOf(reader, rsTag & 7);
        resource = types.resource.decode(
          reader,
          end - reader.pos,
        ) as ResourceSpansMessage['resource'];
      } else if (id === 2) {
        const ssEnd = endOf(reader, rsTag & 7);
        const list: SpanMessage[] = [];
        while (reader.pos < ssEnd) {
          const ssTag = reader.uint32();
          if (ssTag >>> 3 !== 2) {
            reader.skipType(ssTag & 7);
            continue;
          }
          const end = endOf(reader, ssTag & 7);
          if (++spans > maxSpans) throw new TooManySpans(maxSpans);
          list.push(types.span.decode(reader, end - reader.pos) as SpanMessage);
          const pause = slicer.tick();
          if (pause !== undefined) await pause;
        }
        if (reader.pos !== ssEnd) throw new RangeError('a field ran past its ScopeSpans');
        scopeSpans.push({ spans: list });
      } else {
        reader.skipType(rsTag & 7);
      }
    }
    if (reader.pos !== rsEnd) throw new RangeError('a field ran past its ResourceSpans');
    out.push({ resource, scopeSpans });
  }
  if (reader.pos !== reader.len) throw new RangeError('a field ran past the end of the body');
  return out;
}
