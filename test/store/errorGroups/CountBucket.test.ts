import { expect } from 'chai';
import { CountBucket } from '../../../src/store/errorGroups/CountBucket.js';

function entries(b: CountBucket): [number, number][] {
  const out: [number, number][] = [];
  b.forEach((k, n) => {
    out.push([k, n]);
  });
  return out.sort((x, y) => x[0] - y[0]);
}

describe('CountBucket', () => {
  it('keeps every key and count exactly through packing, whatever their size', () => {
    const b = new CountBucket();
    const expected = new Map<number, number>();
    // Small and huge gaps between keys, counts past one and two bytes.
    const keys = [0, 1, 404, 1_422, 70_000, 500_599, 4_000_000_000];
    keys.forEach((k, i) => {
      const n = [1, 255, 256, 65_535, 65_536, 3, 4_000_000][i] as number;
      b.add(k, n);
      expected.set(k, n);
    });
    b.add(404);
    expected.set(404, 257);
    b.pack();
    expect(b.isLive).to.equal(false);
    expect(b.size).to.equal(keys.length);
    expect(entries(b)).to.deep.equal([...expected].sort((x, y) => x[0] - y[0]));
  });

  it('reopens on a late record and packs the sum', () => {
    const b = new CountBucket();
    b.add(7, 2);
    b.add(3_000, 1);
    b.pack();
    b.add(7);
    b.add(9);
    expect(b.isLive).to.equal(true);
    b.pack();
    expect(entries(b)).to.deep.equal([
      [7, 3],
      [9, 1],
      [3_000, 1],
    ]);
  });

  it('packs an empty bucket to nothing', () => {
    const b = new CountBucket();
    b.pack();
    expect(b.size).to.equal(0);
    expect(entries(b)).to.deep.equal([]);
  });
});
