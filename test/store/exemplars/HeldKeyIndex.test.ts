import { expect } from 'chai';
import type { EndpointKey } from '../../../src/store/EndpointKey.js';
import type { Candidate } from '../../../src/store/exemplars/Exemplar.js';
import { ExemplarBucket } from '../../../src/store/exemplars/ExemplarBucket.js';
import { HELD_KEY_INDEX_LIMIT, HeldKeyIndex } from '../../../src/store/exemplars/HeldKeyIndex.js';
import type { Source } from '../../../src/store/Source.js';

const source = { service: 'svc', instance: 'i1' } as Source;
const keys: EndpointKey[] = Array.from({ length: 6 }, (_, i) => ({ source, endpoint: `/e${i}` }));
const one: Candidate = {
  timestampMs: 1,
  durationMs: 2,
  statusCode: 200,
  method: 'GET',
  traceId: '',
};

/** A packed bucket with one exemplar in each row of `rowKeys`. */
function bucketOf(rowKeys: readonly EndpointKey[]): ExemplarBucket {
  return ExemplarBucket.pack(
    0,
    rowKeys.map((k) => [k, [one]] as const),
    () => 0,
  );
}

describe('HeldKeyIndex', () => {
  describe('#rowIds', () => {
    it('gives one id per key, the same in every bucket, and works a bucket out once', () => {
      const index = new HeldKeyIndex();
      const a = bucketOf([keys[0], keys[1], keys[2]] as EndpointKey[]);
      const b = bucketOf([keys[2], keys[0]] as EndpointKey[]);
      const idsA = index.rowIds(a);
      const idsB = index.rowIds(b);
      expect([...(idsA ?? [])]).to.deep.equal([0, 1, 2]);
      expect([...(idsB ?? [])]).to.deep.equal([2, 0]);
      expect(index.rowIds(a)).to.equal(idsA);
      expect(index.size).to.equal(3);
    });

    it('refuses a bucket whose new keys do not fit, and takes it after a reset', () => {
      const index = new HeldKeyIndex(4);
      expect(index.rowIds(bucketOf(keys.slice(0, 3)))).to.not.equal(undefined);
      const big = bucketOf(keys.slice(2, 5));
      expect(index.rowIds(big)).to.equal(undefined);
      expect(index.size).to.equal(3);
      index.reset();
      expect(index.resets).to.equal(1);
      expect([...(index.rowIds(big) ?? [])]).to.deep.equal([0, 1, 2]);
      expect(index.rowIds(bucketOf(keys))).to.equal(undefined);
    });

    it('works a bucket out again after a reset, with the new ids', () => {
      const index = new HeldKeyIndex();
      const a = bucketOf([keys[3], keys[4]] as EndpointKey[]);
      index.rowIds(bucketOf([keys[0]] as EndpointKey[]));
      expect([...(index.rowIds(a) ?? [])]).to.deep.equal([1, 2]);
      index.reset();
      expect([...(index.rowIds(a) ?? [])]).to.deep.equal([0, 1]);
      index.clear();
      expect(index.resets).to.equal(0);
      expect(index.size).to.equal(0);
    });
  });

  describe('#map', () => {
    it('calls the function once per key, by id', () => {
      const index = new HeldKeyIndex();
      index.rowIds(bucketOf([keys[1], keys[0], keys[1 + 1]] as EndpointKey[]));
      const seen: string[] = [];
      const out = index.map((k) => {
        seen.push(k.endpoint);
        return Number(k.endpoint.slice(2)) * 10;
      });
      expect(seen).to.deep.equal(['/e1', '/e0', '/e2']);
      expect([...out]).to.deep.equal([10, 0, 20]);
    });
  });

  it('rejects a limit that ids of two bytes cannot number', () => {
    expect(() => new HeldKeyIndex(0)).to.throw(RangeError, /1\.\.65536/);
    expect(() => new HeldKeyIndex(65_537)).to.throw(RangeError);
    expect(HELD_KEY_INDEX_LIMIT).to.be.at.most(65_536);
  });
});
