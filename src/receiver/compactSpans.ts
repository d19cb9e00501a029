import { CompactSpanReader } from './CompactSpanReader.js';
import type { ExportTraceRequest, ResourceSpansMessage, SpanMessage } from './otlpMessages.js';
import { type ResourceMessage, type SpanVisitor, TooManySpans } from './protobufSpans.js';
import type { WorkSlicer } from './WorkSlicer.js';

/**
 * Walks a compact batch span by span, as `walkSpans` walks an OTLP
 * protobuf body: `visit.resource` at each resource record, `visit.span`
 * with each span as soon as it is read, a {@link WorkSlicer} tick per span.
 * Spans before a resource record have no resource (undefined), as an
 * OTLP ResourceSpans without one. Returns the number of spans.
 * @throws TooManySpans as soon as a span past `maxSpans` is seen;
 * MalformedCompactBatch on a corrupt body (spans visited before it stay
 * visited: walk once with a visitor that keeps nothing to check a body whole).
 */
export async function walkCompactSpans<R>(
  body: Buffer,
  maxSpans: number,
  slicer: WorkSlicer,
  visit: SpanVisitor<R>,
): Promise<number> {
  const reader = new CompactSpanReader(body);
  let resource = visit.resource(undefined);
  let spans = 0;
  for (let record = reader.next(); record !== undefined; record = reader.next()) {
    if (record.span === undefined) {
      resource = visit.resource(record.resource);
      continue;
    }
    if (++spans > maxSpans) throw new TooManySpans(maxSpans);
    visit.span(record.span, resource);
    const pause = slicer.tick();
    if (pause !== undefined) await pause;
  }
  return spans;
}

/**
 * A compact batch as the ExportTraceServiceRequest it stands for: one
 * ResourceSpans per resource record, in order.
 * @throws MalformedCompactBatch on a corrupt body.
 */
export function decodeCompactSpans(body: Buffer): ExportTraceRequest {
  const reader = new CompactSpanReader(body);
  const resourceSpans: ResourceSpansMessage[] = [];
  let spans: SpanMessage[] | undefined;
  const open = (resource: ResourceMessage): SpanMessage[] => {
    const list: SpanMessage[] = [];
    resourceSpans.push({ resource, scopeSpans: [{ spans: list }] });
    return list;
  };
  for (let record = reader.next(); record !== undefined; record = reader.next()) {
    if (record.span === undefined) {
      spans = open(record.resource);
      continue;
    }
    spans ??= open(undefined);
    spans.push(record.span);
  }
  return { resourceSpans };
}
