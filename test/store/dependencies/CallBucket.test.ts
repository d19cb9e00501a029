import { expect } from 'chai';
import { CallBucket, type CallTarget } from '../../../src/store/dependencies/CallBucket.js';
import { LiveRollup } from '../../../src/store/sketch/LiveRollup.js';
import { seededRandom } from '../../support/seededRandom.js';

/** Each row's count, errors, sum, min and max, read through `scan`. */
function figures(bucket: CallBucket): Map<number, number[]> {
  const targets = new Map<number, CallTarget>();
  bucket.scan((row) => {
    let t = targets.get(row);
    if (t === undefined) {
      t = { latency: new LiveRollup(), errors: 0 };
      targets.set(row, t);
    }
    return t;
  });
  return new Map(
    [...targets].map(([row, t]) => [
      row,
      [t.latency.count, t.errors, t.latency.sum, t.latency.min, t.latency.max],
    ]),
  );
}

describe('CallBucket', () => {
  describe('#pack', () => {
    it("keeps every row's exact count, errors, sum, min and max, live or packed", () => {
      const random = seededRandom(23);
      const bucket = new CallBucket();
      for (let i = 0; i < 5_000; i++) {
        bucket.add(Math.floor(random() * 40) * 3, Math.round(random() * 1e6) / 1e3, random() < 0.1);
      }
      const live = figures(bucket);
      bucket.pack();
      expect(bucket.isLive).to.equal(false);
      expect(bucket.packedBytes).to.be.greaterThan(0);
      expect(figures(bucket)).to.deep.equal(live);
    });

    it('reopens for a late call and packs again', () => {
      const bucket = new CallBucket();
      bucket.add(1, 5, false);
      bucket.pack();
      bucket.add(1, 7, true);
      bucket.add(9, 1, false);
      expect(bucket.isLive).to.equal(true);
      bucket.pack();
      expect(figures(bucket)).to.deep.equal(
        new Map([
          [1, [2, 1, 12, 5, 7]],
          [9, [1, 0, 1, 1, 1]],
        ]),
      );
    });
  });

  describe('.fromBytes', () => {
    it('renames rows and refuses damaged bytes', () => {
      const bucket = new CallBucket();
      bucket.add(0, 2, false);
      bucket.add(4, 3, true);
      const bytes = bucket.toBytes();
      const renamed = CallBucket.fromBytes(bytes, (saved) => saved + 100);
      expect([...figures(renamed).keys()].sort()).to.deep.equal([100, 104]);
      expect(() => CallBucket.fromBytes(bytes.subarray(0, bytes.length - 2), (r) => r)).to.throw(
        RangeError,
      );
    });
  });
});
