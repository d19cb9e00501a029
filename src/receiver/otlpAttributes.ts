import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { AnyValueMessage, Int64, KeyValueMessage } from './otlpMessages.js';
import type { ReceiverLimits } from './ReceiverLimits.js';

/** The limits an attribute list is held to. */
export type AttributeLimits = Pick<
  ReceiverLimits,
  'maxAttributes' | 'maxAttributeValueLength' | 'maxValueDepth'
>;

const TWO_32 = 4_294_967_296;

/** A signed 64-bit integer as a number (exact to 2^53). */
export function int64ToNumber(v: Int64 | undefined): number {
  if (v === undefined) return 0;
  return typeof v === 'number' ? v : v.high * TWO_32 + (v.low >>> 0);
}

/** The AnyValue members, most frequent first. */
const MEMBERS = [
  'stringValue',
  'intValue',
  'boolValue',
  'doubleValue',
  'arrayValue',
  'kvlistValue',
  'bytesValue',
] as const;
type Member = (typeof MEMBERS)[number];

/**
 * The member of the `value` oneof that is set. Read as own properties:
 * protobufjs's own oneof getter lists every key of the message on each
 * call, which was the receiver's largest cost.
 */
function memberOf(v: AnyValueMessage): Member | undefined {
  for (const member of MEMBERS) if (Object.hasOwn(v, member) && v[member] != null) return member;
  return undefined;
}

/**
 * The size of a value (characters, bytes, elements and their sizes), or
 * Infinity when it nests deeper than `depthLeft`: what the length limit
 * holds a value to.
 */
function sizeOf(v: AnyValueMessage, member: Member | undefined, depthLeft: number): number {
  switch (member) {
    case 'stringValue':
      return v.stringValue?.length ?? 0;
    case 'bytesValue':
      return v.bytesValue?.length ?? 0;
    case 'arrayValue':
    case 'kvlistValue': {
      if (depthLeft === 0) return Number.POSITIVE_INFINITY;
      const isArray = member === 'arrayValue';
      const values = (isArray ? v.arrayValue : v.kvlistValue)?.values ?? [];
      let size = values.length;
      for (const item of values) {
        const inner = isArray ? item : (item as KeyValueMessage).value;
        if (!isArray) size += (item as KeyValueMessage).key?.length ?? 0;
        if (inner != null) {
          const value = inner as AnyValueMessage;
          size += sizeOf(value, memberOf(value), depthLeft - 1);
        }
      }
      return size;
    }
    default:
      return 1;
  }
}

type Primitive = string | number | boolean;

function primitiveOf(v: AnyValueMessage, member: Member | undefined): Primitive | undefined {
  switch (member) {
    case 'stringValue':
      return v.stringValue ?? '';
    case 'boolValue':
      return v.boolValue === true;
    case 'intValue':
      return int64ToNumber(v.intValue);
    case 'doubleValue':
      return v.doubleValue ?? 0;
    default:
      return undefined;
  }
}

/**
 * An OTel attribute value: a primitive, or an array of primitives of one
 * type. Byte strings, key-value lists and nested arrays have no attribute
 * form; they are checked against the limits and then left out (nothing the
 * dashboard reads is one).
 */
function attributeValueOf(
  v: AnyValueMessage,
  member: Member | undefined,
): AttributeValue | undefined {
  if (member !== 'arrayValue') return primitiveOf(v, member);
  const values = v.arrayValue?.values ?? [];
  const out: Primitive[] = [];
  let type: string | undefined;
  for (const item of values) {
    const p = primitiveOf(item, memberOf(item));
    if (p === undefined || (type !== undefined && typeof p !== type)) return undefined;
    type = typeof p;
    out.push(p);
  }
  return out as AttributeValue;
}

/**
 * The attributes of a span, event or resource as an OTel `Attributes`
 * record (a `__proto__` key is dropped, so no key can reach a prototype), or undefined when the list
 * breaks a limit: more than `maxAttributes` entries, a value longer than
 * `maxAttributeValueLength`, or nesting deeper than `maxValueDepth`. The
 * last value of a repeated key wins.
 */
export function attributesOf(
  list: readonly KeyValueMessage[] | undefined,
  limits: AttributeLimits,
): Attributes | undefined {
  // A plain object (fast, unlike a prototype-less one in dictionary mode); see `__proto__` below.
  const out: Attributes = {};
  if (list === undefined || list.length === 0) return out;
  if (list.length > limits.maxAttributes) return undefined;
  for (const kv of list) {
    const key = kv.key ?? '';
    const value = kv.value;
    if (key.length > limits.maxAttributeValueLength) return undefined;
    const member = value == null ? undefined : memberOf(value);
    if (value == null || member === undefined) continue;
    const size =
      member === 'stringValue'
        ? (value.stringValue?.length ?? 0)
        : sizeOf(value, member, limits.maxValueDepth);
    if (size > limits.maxAttributeValueLength) return undefined;
    const converted = attributeValueOf(value, member);
    // A `__proto__` key would set the record's prototype, not an attribute: left out.
    if (converted !== undefined && key !== '__proto__') out[key] = converted;
  }
  return out;
}
