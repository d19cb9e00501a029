import { expect } from 'chai';
import { OtlpCodec } from '../../src/receiver/OtlpCodec.js';
import {
  type AttributeLimits,
  attributesOf,
  int64ToNumber,
} from '../../src/receiver/otlpAttributes.js';
import type { KeyValueMessage } from '../../src/receiver/otlpMessages.js';
import { type Json, jsonRequest, jsonSpan, protobufBody } from '../support/otlpBodies.js';

const codec = new OtlpCodec();
const LIMITS: AttributeLimits = { maxAttributes: 4, maxAttributeValueLength: 10, maxValueDepth: 2 };

/** `attributes` as the receiver gets them: sent in protobuf (official OTLP protos) and decoded. */
function decoded(attributes: readonly Json[]): readonly KeyValueMessage[] {
  const body = protobufBody(jsonRequest([jsonSpan({ attributes })]));
  const span = codec.decode(body, 'protobuf').resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.[0];
  return span?.attributes ?? [];
}

const str = (key: string, value: string): Json => ({ key, value: { stringValue: value } });
const array = (key: string, values: Json[]): Json => ({ key, value: { arrayValue: { values } } });
/** An array value nested `depth` arrays deep around one string. */
const nested = (depth: number): Json => {
  let value: Json = { stringValue: 'x' };
  for (let i = 0; i < depth; i++) value = { arrayValue: { values: [value] } };
  return value;
};

describe('otlpAttributes', () => {
  describe('#int64ToNumber', () => {
    it('reads a number, a Long and nothing', () => {
      expect(int64ToNumber(undefined)).to.equal(0);
      expect(int64ToNumber(42)).to.equal(42);
      expect(int64ToNumber({ high: 1, low: 0 })).to.equal(4_294_967_296);
      expect(int64ToNumber({ high: 0, low: -1 })).to.equal(4_294_967_295);
      expect(int64ToNumber({ high: -1, low: -1 })).to.equal(-1);
    });
  });

  describe('#attributesOf', () => {
    it('reads each primitive type as an OTel attribute', () => {
      const list = decoded([
        str('method', 'GET'),
        { key: 'status', value: { intValue: '503' } },
        { key: 'retry', value: { boolValue: true } },
        { key: 'ratio', value: { doubleValue: 0.5 } },
      ]);
      expect(attributesOf(list, LIMITS)).to.deep.equal({
        method: 'GET',
        status: 503,
        retry: true,
        ratio: 0.5,
      });
    });

    it('keeps an array of one type, and leaves out mixed arrays, key-value lists and bytes', () => {
      const list = decoded([
        array('tags', [{ stringValue: 'a' }, { stringValue: 'b' }]),
        array('mixed', [{ stringValue: 'a' }, { boolValue: true }]),
        { key: 'kv', value: { kvlistValue: { values: [str('k', 'v')] } } },
        { key: 'raw', value: { bytesValue: 'AAEC' } },
      ]);
      expect(attributesOf(list, LIMITS)).to.deep.equal({ tags: ['a', 'b'] });
    });

    it('answers an empty record for no attributes', () => {
      expect(attributesOf(undefined, LIMITS)).to.deep.equal({});
      expect(attributesOf([], LIMITS)).to.deep.equal({});
    });

    it('lets the last of a repeated key win', () => {
      const list = decoded([str('route', '/a'), str('route', '/b')]);
      expect(attributesOf(list, LIMITS)).to.deep.equal({ route: '/b' });
    });

    it('leaves a __proto__ key out, so no attribute reaches a prototype', () => {
      const out = attributesOf(decoded([str('__proto__', 'x'), str('ok', 'y')]), LIMITS);
      expect(out).to.deep.equal({ ok: 'y' });
      expect(Object.getPrototypeOf(out)).to.equal(Object.prototype);
    });

    it('takes values at the limits: 4 attributes, 10 characters, arrays 2 deep', () => {
      const list = decoded([
        str('a', '0123456789'),
        array('b', [{ stringValue: 'abcd' }, { stringValue: 'efgh' }]),
        { key: 'c', value: nested(2) },
        str('0123456789', 'd'),
      ]);
      expect(attributesOf(list, LIMITS)).to.deep.equal({
        a: '0123456789',
        b: ['abcd', 'efgh'],
        '0123456789': 'd',
      });
    });

    const overLimits: [string, Json[]][] = [
      ['more attributes than maxAttributes', ['a', 'b', 'c', 'd', 'e'].map((k) => str(k, k))],
      ['a string longer than maxAttributeValueLength', [str('a', '0123456789A')]],
      ['a key longer than maxAttributeValueLength', [str('0123456789A', 'x')]],
      [
        'an array whose elements and characters pass the length',
        [array('b', [{ stringValue: 'abcde' }, { stringValue: 'efgh' }])],
      ],
      ['values nested deeper than maxValueDepth', [{ key: 'c', value: nested(3) }]],
    ];
    for (const [what, attributes] of overLimits) {
      it(`refuses the whole list for ${what}`, () => {
        expect(attributesOf(decoded(attributes), LIMITS)).to.equal(undefined);
      });
    }
  });
});
