/**
 * The compact span batch a `node:cluster` worker sends to its primary's
 * receiver, instead of an OTLP ExportTraceServiceRequest: the same spans,
 * with exactly what the receiver reads of them (ids, name, kind, times,
 * status, every attribute, the first `exception` event, the resource),
 * written once at span end into one buffer, with no intermediate objects.
 *
 * A body is the {@link COMPACT_MAGIC} bytes and then records, each opened
 * by a tag byte: a {@link RECORD_RESOURCE} (its attribute list; the spans
 * after it are its own) or a {@link RECORD_SPAN}. Integers are unsigned
 * LEB128 varints (a non-minimal one is read as its value), times are two
 * little-endian uint32 (seconds, nanoseconds), numbers are little-endian
 * float64. A span record is: OTLP kind, trace flags (a byte each), the
 * trace, span and parent span ids (a length byte, then the bytes; no parent
 * is length 0), the name, start and end times, status code (a byte) and
 * message, the attributes (a varint count, then key and tagged value each),
 * then 0, or 1 and the first `exception` event's time and attributes.
 * A string is a varint `v`: odd, it is entry `v >>> 1` of the
 * body's string table; even, `v >>> 2` UTF-8 bytes follow, and when bit 1
 * is set the string becomes the table's next entry. See
 * `CompactSpanWriter` (cluster) and `CompactSpanReader` (receiver).
 */

/** The Content-Type of a compact batch on `POST /v1/traces`. */
export const COMPACT_CONTENT_TYPE = 'application/vnd.golden-signals.spans.v1';

/** The first bytes of a body: "GS" and the format's version. */
export const COMPACT_MAGIC: readonly number[] = [0x47, 0x53, 1];

/** A record that sets the resource of the spans after it. */
export const RECORD_RESOURCE = 1;
/** A record that is one span. */
export const RECORD_SPAN = 2;

/** Most entries of a body's string table; later strings are written in full. */
export const COMPACT_STRING_TABLE_LIMIT = 4_096;
/** Longest string (in UTF-16 units) a writer puts in the table: longer ones rarely repeat. */
export const COMPACT_TABLE_STRING_LENGTH = 256;

/** Attribute value tags, one per OTLP AnyValue member: no member set. */
export const VALUE_EMPTY = 0;
/** A string value. */
export const VALUE_STRING = 1;
/** `true`. */
export const VALUE_TRUE = 2;
/** `false`. */
export const VALUE_FALSE = 3;
/** An integer within int64 (OTLP's `int_value`), written as its float64. */
export const VALUE_INT = 4;
/** Any other number (OTLP's `double_value`), a float64. */
export const VALUE_DOUBLE = 5;
/** An array: a varint count, then each value. */
export const VALUE_ARRAY = 6;
/** A key-value list: a varint count, then each key (a string) and value. */
export const VALUE_KVLIST = 7;
/** Bytes: a varint length, then the bytes. */
export const VALUE_BYTES = 8;
