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

/**
 * The size of a value (characters, bytes, elements and their sizes), or
 * Infinity when it nests deeper than `depthLeft`: what the length limit
 * holds a value to.
 */
function sizeOf(v: AnyValueMessage, depthLeft: number): number {
  switch (v.value) {
    case 'stringValue':
      return v.stringValue?.length ?? 0;
    case 'bytesValue':
      return v.bytesValue?.length ?? 0;
    case 'arrayValue':
    case 'kvlistValue': {
      if (depthLeft === 0) return Number.POSITIVE_INFINITY;
      const values = (v.value === 'arrayValue' ? v.arrayValue : v.kvlistValue)?.values ?? [];
      let size = values.length;
      for (const item of values) {
        const inner = v.value === 'arrayValue' ? item : (item as KeyValueMessage).value;
        if (v.value === 'kvlistValue') size += (item as KeyValueMessage).key?.length ?? 0;
        if (inner != null) size += sizeOf(inner as AnyValueMessage, depthLeft - 1);
      }
      return size;
    }
    default:
      return 1;
  }
}

type Primitive = string | number | boolean;

function primitiveOf(v: AnyValueMessage): Primitive | undefined {
  switch (v.value) {
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
function attributeValueOf(v: AnyValueMessage): AttributeValue | undefined {
  if (v.value !== 'arrayValue') return primitiveOf(v);
  const values = v.arrayValue?.values ?? [];
  const out: Primitive[] = [];
  let type: string | undefined;
  for (const item of values) {
    const p = primitiveOf(item);
    if (p === undefined || (type !== undefined && typeof p !== type)) return undefined;
    type = typeof p;
    out.push(p);
  }
  return out as AttributeValue;
}

/**
 * The attributes of a span, event or resource as an OTel `Attributes`
 * record (no prototype, so no key can reach one), or undefined when the list
 * breaks a limit: more than `maxAttributes` entries, a value longer than
 * `maxAttributeValueLength`, or nesting deeper than `maxValueDepth`. The
 * last value of a repeated key wins.
 */
export function attributesOf(
  list: readonly KeyValueMessage[] | undefined,
  limits: AttributeLimits,
): Attributes | undefined {
  const out: Attributes = Object.create(null);
  if (list === undefined || list.length === 0) return out;
  if (list.length > limits.maxAttributes) return undefined;
  for (const kv of list) {
    const key = kv.key ?? '';
    const value = kv.value;
    if (key.length > limits.maxAttributeValueLength) return undefined;
    if (value == null || value.value === undefined) continue;
    if (sizeOf(value, limits.maxValueDepth) > limits.maxAttributeValueLength) return undefined;
    const converted = attributeValueOf(value);
    if (converted !== undefined) out[key] = converted;
  }
  return out;
}
