import type { Attributes, HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import {
  COMPACT_MAGIC,
  COMPACT_STRING_TABLE_LIMIT,
  COMPACT_TABLE_STRING_LENGTH,
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
} from '../receiver/compactSpanFormat.js';

/** A writer's first buffer, in bytes; it doubles as spans need. */
const INITIAL_BYTES = 64 * 1024;
/** Strings up to this length are tried as ASCII in JavaScript, cheaper than a call into UTF-8 encoding. */
const ASCII_LOOP_LENGTH = 48;

/** The value of each hex digit by its character code; undefined for any other. */
const HEX_VALUES: readonly (number | undefined)[] = Array.from({ length: 128 }, (_, c) => {
  const digit = Number.parseInt(String.fromCharCode(c), 16);
  return Number.isNaN(digit) ? undefined : digit;
});

/** The int64 range, whose bounds are exact doubles. */
const MIN_INT64 = -(2 ** 63);
const MAX_INT64_EXCLUSIVE = 2 ** 63;

/** A finished batch: its bytes and how many spans they hold. */
export interface CompactBatch {
  readonly bytes: Buffer;
  readonly spans: number;
}

/**
 * Writes ended spans into one compact batch (see `compactSpanFormat.ts`),
 * each as soon as it ends, straight from the span's fields into a buffer:
 * no OTLP objects, no protobuf writer, and the span itself is not kept.
 * What the receiver reads comes out exactly as the OTLP exporter would
 * have sent it (the round-trip test holds it to that).
 *
 * A span that throws while being written (a hostile attribute getter) is
 * rolled back whole: the batch stays well formed.
 */
export class CompactSpanWriter {
  private buf: Buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  private pos = 0;
  private count = 0;
  private resource: ReadableSpan['resource'] | undefined;
  private readonly table = new Map<string, number>();
  /** The table's strings in order, to undo a rolled-back span's entries. */
  private readonly entries: string[] = [];

  constructor() {
    this.reset();
  }

  /** Spans written since the last {@link finish}. */
  get spans(): number {
    return this.count;
  }

  /** Bytes written since the last {@link finish}. */
  get bytes(): number {
    return this.pos;
  }

  /**
   * Appends a span, or leaves the batch as it was and returns false when the
   * span's record would be longer than `maxSpanBytes`.
   * @throws whatever reading the span throws; the batch is left as it was.
   */
  append(span: ReadableSpan, maxSpanBytes: number): boolean {
    const start = this.pos;
    const tableSize = this.entries.length;
    const resource = this.resource;
    try {
      if (span.resource !== resource) {
        this.resource = span.resource;
        this.byte(RECORD_RESOURCE);
        this.attributes(span.resource.attributes);
      }
      this.span(span);
    } catch (err) {
      this.rollBack(start, tableSize, resource);
      throw err;
    }
    if (this.pos - start > maxSpanBytes) {
      this.rollBack(start, tableSize, resource);
      return false;
    }
    this.count++;
    return true;
  }

  /** The batch so far, and a fresh one begun; undefined when no span was written. */
  finish(): CompactBatch | undefined {
    if (this.count === 0) return undefined;
    const batch = { bytes: this.buf.subarray(0, this.pos), spans: this.count };
    // The next batch gets a buffer of its own: the finished one is being sent.
    this.buf = Buffer.allocUnsafe(Math.max(INITIAL_BYTES, this.buf.length >>> 1));
    this.reset();
    return batch;
  }

  private reset(): void {
    this.pos = 0;
    this.count = 0;
    this.resource = undefined;
    this.table.clear();
    this.entries.length = 0;
    for (const b of COMPACT_MAGIC) this.byte(b);
  }

  private rollBack(
    pos: number,
    tableSize: number,
    resource: ReadableSpan['resource'] | undefined,
  ): void {
    this.pos = pos;
    this.resource = resource;
    for (let i = tableSize; i < this.entries.length; i++) {
      this.table.delete(this.entries[i] as string);
    }
    this.entries.length = tableSize;
  }

  private span(span: ReadableSpan): void {
    const context = span.spanContext();
    this.room(64);
    const buf = this.buf;
    buf[this.pos++] = RECORD_SPAN;
    // OTLP's kind is the API's plus one (0 is unspecified).
    buf[this.pos++] = span.kind == null ? 0 : (span.kind + 1) & 0xff;
    // Forwarded as sampled, whatever the sampler said: the dashboard counts every recorded span.
    buf[this.pos++] = (context.traceFlags | 1) & 0xff;
    this.id(context.traceId);
    this.id(context.spanId);
    const parent = span.parentSpanContext;
    if (parent === undefined) this.byte(0);
    else this.id(parent.spanId);
    this.string(span.name);
    this.time(span.startTime);
    this.time(span.endTime);
    const status = span.status;
    this.byte(status.code === 1 || status.code === 2 ? status.code : 0);
    this.string(status.message ?? '');
    this.attributes(span.attributes);
    // The receiver reads the first `exception` event only.
    let exception: ReadableSpan['events'][number] | undefined;
    for (const event of span.events) {
      if (event.name === 'exception') {
        exception = event;
        break;
      }
    }
    if (exception === undefined) {
      this.byte(0);
      return;
    }
    this.byte(1);
    this.time(exception.time);
    this.attributes(exception.attributes ?? {});
  }

  /**
   * A hex id as its bytes, after a length byte; decoded here rather than by
   * `Buffer.write(…, 'hex')`, whose call costs more than the 16 bytes.
   * A character that is not hex makes its byte and the rest zero, as an
   * invalid id (Buffer's hex decoding stops there too).
   */
  private id(hex: string): void {
    const length = (hex.length >>> 1) & 0xff;
    this.room(1 + length);
    const buf = this.buf;
    buf[this.pos++] = length;
    let valid = true;
    for (let i = 0; i < length; i++) {
      const high = valid ? HEX_VALUES[hex.charCodeAt(2 * i)] : undefined;
      const low = valid ? HEX_VALUES[hex.charCodeAt(2 * i + 1)] : undefined;
      if (high === undefined || low === undefined) {
        valid = false;
        buf[this.pos++] = 0;
      } else buf[this.pos++] = high * 16 + low;
    }
  }

  private time(t: HrTime): void {
    this.room(8);
    this.uint32(t[0]);
    this.uint32(t[1]);
  }

  private uint32(v: number): void {
    const buf = this.buf;
    const n = v >>> 0;
    buf[this.pos++] = n & 0xff;
    buf[this.pos++] = (n >>> 8) & 0xff;
    buf[this.pos++] = (n >>> 16) & 0xff;
    buf[this.pos++] = n >>> 24;
  }

  private attributes(attributes: Attributes): void {
    const keys = Object.keys(attributes);
    this.varint(keys.length);
    for (const key of keys) {
      this.string(key);
      this.value(attributes[key]);
    }
  }

  /** A value as OTLP's `toAnyValue` maps it, member for member. */
  private value(value: unknown): void {
    switch (typeof value) {
      case 'string':
        this.byte(VALUE_STRING);
        this.string(value);
        return;
      case 'boolean':
        this.byte(value ? VALUE_TRUE : VALUE_FALSE);
        return;
      case 'number':
        this.room(9);
        // As OTLP's serializer: an integer within int64 is `int_value`, any other number `double_value`.
        this.buf[this.pos++] =
          Number.isInteger(value) && value >= MIN_INT64 && value < MAX_INT64_EXCLUSIVE
            ? VALUE_INT
            : VALUE_DOUBLE;
        this.pos = this.buf.writeDoubleLE(value, this.pos);
        return;
      default:
        break;
    }
    if (value instanceof Uint8Array) {
      this.byte(VALUE_BYTES);
      this.varint(value.length);
      this.room(value.length);
      this.buf.set(value, this.pos);
      this.pos += value.length;
    } else if (Array.isArray(value)) {
      this.byte(VALUE_ARRAY);
      this.varint(value.length);
      for (const item of value) this.value(item);
    } else if (typeof value === 'object' && value !== null) {
      this.byte(VALUE_KVLIST);
      this.attributes(value as Attributes);
    } else {
      this.byte(VALUE_EMPTY);
    }
  }

  /** A string by its table entry, or in full (and entered in the table when short and there is room). */
  private string(s: string): void {
    const entry = this.table.get(s);
    if (entry !== undefined) {
      this.varint(entry * 2 + 1);
      return;
    }
    const remember =
      s.length <= COMPACT_TABLE_STRING_LENGTH && this.entries.length < COMPACT_STRING_TABLE_LIMIT;
    if (remember) {
      this.table.set(s, this.entries.length);
      this.entries.push(s);
    }
    const flag = remember ? 2 : 0;
    const n = s.length;
    if (n <= ASCII_LOOP_LENGTH && this.ascii(s, flag)) return;
    // At most 3 UTF-8 bytes per UTF-16 unit: room for that, and a length
    // field wide enough for it, filled in once the real length is known.
    const max = n * 3;
    const width = varintWidth(max * 4 + 3);
    this.room(width + max);
    const at = this.pos;
    const written = this.buf.write(s, at + width, max, 'utf8');
    let v = written * 4 + flag;
    for (let i = 0; i < width - 1; i++) {
      this.buf[at + i] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[at + width - 1] = v;
    this.pos = at + width + written;
  }

  /** Writes a short string whose characters are all ASCII, with its length; false (nothing written) when one is not. */
  private ascii(s: string, flag: number): boolean {
    const n = s.length;
    this.room(2 + n);
    const buf = this.buf;
    const at = this.pos;
    // n <= 48: the length field (n * 4 + flag) fits in two varint bytes.
    const v = n * 4 + flag;
    let p = at;
    if (v < 128) buf[p++] = v;
    else {
      buf[p++] = (v & 0x7f) | 0x80;
      buf[p++] = v >>> 7;
    }
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return false;
      buf[p++] = c;
    }
    this.pos = p;
    return true;
  }

  private varint(v: number): void {
    this.room(10);
    const buf = this.buf;
    let n = v;
    while (n >= 128) {
      buf[this.pos++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    buf[this.pos++] = n;
  }

  private byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  /** Makes room for `n` more bytes. */
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const bigger = Buffer.allocUnsafe(size);
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
}

/** Bytes of the varint of `v`. */
function varintWidth(v: number): number {
  let width = 1;
  for (let n = v; n >= 128; n = Math.floor(n / 128)) width++;
  return width;
}
