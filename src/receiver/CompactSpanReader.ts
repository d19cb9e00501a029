import {
  COMPACT_MAGIC,
  COMPACT_STRING_TABLE_LIMIT,
  RECORD_RESOURCE,
  RECORD_SPAN,
  VALUE_ARRAY,
  VALUE_BYTES,
  VALUE_DOUBLE,
  VALUE_EMPTY,
  VALUE_FALSE,
  VALUE_INT,
  VALUE_KVLIST,
  VALUE_STRING,
  VALUE_TRUE,
} from './compactSpanFormat.js';
import type {
  AnyValueMessage,
  EventMessage,
  Int64,
  KeyValueMessage,
  SpanMessage,
} from './otlpMessages.js';
import type { ResourceMessage } from './protobufSpans.js';

/** Thrown on a body that is not a well-formed compact batch; the receiver answers 400. */
export class MalformedCompactBatch extends Error {}

const TWO_32 = 4_294_967_296;
const NS_PER_S = 1_000_000_000;

/** What {@link CompactSpanReader.next} read: a resource (the spans after it are its own) or a span. */
export type CompactRecord =
  | { readonly resource: ResourceMessage; readonly span?: undefined }
  | { readonly span: SpanMessage; readonly resource?: undefined };

/**
 * An OTLP time (nanoseconds since the epoch, a fixed64) from seconds and
 * nanoseconds, exact, as the wire's two 32-bit halves: what protobufjs
 * would decode from the OTLP exporter's `BigInt(s) * 1e9 + ns`.
 */
function nanosOf(seconds: number, nanos: number): Int64 {
  // seconds * 1e9 split so that every partial product stays below 2^53.
  const high16 = Math.floor(seconds / 65_536);
  const low16 = seconds % 65_536;
  const a = high16 * NS_PER_S; // the part to shift left by 16 bits
  const aHigh = Math.floor(a / 65_536);
  const c = (a % 65_536) * 65_536 + low16 * NS_PER_S + nanos;
  const carry = Math.floor(c / TWO_32);
  return { low: (c - carry * TWO_32) | 0, high: (aHigh + carry) | 0 };
}

/**
 * Reads a compact batch (see `compactSpanFormat.ts`) record by record,
 * into the shapes the OTLP decoder gives (`SpanMessage`, a resource's
 * attribute list), so the receiver maps both with the same code and the
 * same checks. Ids are copied out of the body, so a span held for the
 * trace view does not hold the body. Every read is bounds-checked: a
 * truncated or corrupt body throws {@link MalformedCompactBatch}.
 */
export class CompactSpanReader {
  private pos: number;
  private readonly strings: string[] = [];

  /** @throws MalformedCompactBatch when the body does not open with the format's magic bytes. */
  constructor(private readonly body: Buffer) {
    if (body.length < COMPACT_MAGIC.length || COMPACT_MAGIC.some((b, i) => body[i] !== b)) {
      throw new MalformedCompactBatch('not a compact span batch (magic bytes or version)');
    }
    this.pos = COMPACT_MAGIC.length;
  }

  /** The next record, or undefined at the end of the body. @throws MalformedCompactBatch */
  next(): CompactRecord | undefined {
    if (this.pos >= this.body.length) return undefined;
    const tag = this.byte();
    if (tag === RECORD_RESOURCE) return { resource: { attributes: this.attributes(0) } };
    if (tag === RECORD_SPAN) return { span: this.span() };
    throw new MalformedCompactBatch(`unknown record tag ${tag} at byte ${this.pos - 1}`);
  }

  private span(): SpanMessage {
    const kind = this.byte();
    const flags = this.byte();
    const traceId = this.id();
    const spanId = this.id();
    const parentSpanId = this.id();
    const name = this.string();
    const startTimeUnixNano = this.time();
    const endTimeUnixNano = this.time();
    const code = this.byte();
    const message = this.string();
    const attributes = this.attributes(0);
    const events: EventMessage[] = [];
    const hasException = this.byte();
    if (hasException === 1) {
      const timeUnixNano = this.time();
      events.push({ name: 'exception', timeUnixNano, attributes: this.attributes(0) });
    } else if (hasException !== 0) {
      throw new MalformedCompactBatch(`event count ${hasException}, not 0 or 1`);
    }
    return {
      traceId,
      spanId,
      parentSpanId,
      flags,
      name,
      kind,
      startTimeUnixNano,
      endTimeUnixNano,
      attributes,
      events,
      status: { code, message },
    };
  }

  private attributes(depth: number): KeyValueMessage[] {
    const count = this.count();
    const list: KeyValueMessage[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const key = this.string();
      list[i] = { key, value: this.value(depth) };
    }
    return list;
  }

  private value(depth: number): AnyValueMessage {
    // Deeper than any limit the receiver keeps (maxValueDepth), without recursing unbounded.
    if (depth > 64) throw new MalformedCompactBatch('values nested too deep');
    const tag = this.byte();
    switch (tag) {
      case VALUE_STRING:
        return { stringValue: this.string() };
      case VALUE_TRUE:
        return { boolValue: true };
      case VALUE_FALSE:
        return { boolValue: false };
      case VALUE_INT:
        // -0 is 0 as an int64.
        return { intValue: this.double() + 0 };
      case VALUE_DOUBLE:
        return { doubleValue: this.double() };
      case VALUE_EMPTY:
        return {};
      case VALUE_ARRAY: {
        const count = this.count();
        const values: AnyValueMessage[] = new Array(count);
        for (let i = 0; i < count; i++) values[i] = this.value(depth + 1);
        return { arrayValue: { values } };
      }
      case VALUE_KVLIST:
        return { kvlistValue: { values: this.attributes(depth + 1) } };
      case VALUE_BYTES: {
        const length = this.count();
        return { bytesValue: this.copy(length) };
      }
      default:
        throw new MalformedCompactBatch(`unknown value tag ${tag}`);
    }
  }

  /** An id: a length byte and its bytes, copied (no parent: empty). */
  private id(): Uint8Array {
    return this.copy(this.byte());
  }

  /** The next `n` bytes, copied. */
  private copy(n: number): Uint8Array {
    const start = this.pos;
    return new Uint8Array(this.body.subarray(start, this.advance(n)));
  }

  private time(): Int64 {
    const seconds = this.uint32();
    const nanos = this.uint32();
    return nanosOf(seconds, nanos);
  }

  private string(): string {
    const v = this.varint();
    if (v % 2 === 1) {
      const entry = this.strings[(v - 1) / 2];
      if (entry === undefined)
        throw new MalformedCompactBatch(`string entry ${v >>> 1} not defined`);
      return entry;
    }
    const length = Math.floor(v / 4);
    const start = this.pos;
    const s = this.body.toString('utf8', start, this.advance(length));
    if ((v & 2) !== 0) {
      if (this.strings.length >= COMPACT_STRING_TABLE_LIMIT) {
        throw new MalformedCompactBatch('string table over its limit');
      }
      this.strings.push(s);
    }
    return s;
  }

  /** A count of things that follow, each at least one byte: never more than the bytes left. */
  private count(): number {
    const n = this.varint();
    if (n > this.body.length - this.pos) throw new MalformedCompactBatch(`count ${n} past the end`);
    return n;
  }

  private varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    throw new MalformedCompactBatch('varint longer than 8 bytes');
  }

  private uint32(): number {
    const at = this.pos;
    this.advance(4);
    const b = this.body;
    return (
      ((b[at] as number) | ((b[at + 1] as number) << 8) | ((b[at + 2] as number) << 16)) +
      (b[at + 3] as number) * 16_777_216
    );
  }

  private double(): number {
    const at = this.pos;
    this.advance(8);
    return this.body.readDoubleLE(at);
  }

  private byte(): number {
    const b = this.body[this.pos];
    if (b === undefined) throw new MalformedCompactBatch('body ends inside a record');
    this.pos++;
    return b;
  }

  /** Moves past `n` bytes and returns the new position. @throws MalformedCompactBatch past the end. */
  private advance(n: number): number {
    const end = this.pos + n;
    if (end > this.body.length) throw new MalformedCompactBatch('body ends inside a record');
    this.pos = end;
    return end;
  }
}
