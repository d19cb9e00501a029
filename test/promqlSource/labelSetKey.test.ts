import { expect } from 'chai';
import { labelSetKey } from '../../src/promqlSource/labelSetKey.js';

describe('labelSetKey', () => {
  it('names one label set alike whatever the order of its labels', () => {
    expect(labelSetKey({ a: '1', b: '2' })).to.equal(labelSetKey({ b: '2', a: '1' }));
  });

  it('leaves out the labels asked', () => {
    const skip = new Set(['__name__', 'le']);
    expect(labelSetKey({ __name__: 'x_bucket', le: '0.1', a: '1' }, skip)).to.equal(
      labelSetKey({ __name__: 'x_count', a: '1' }, skip),
    );
  });

  it('never names two different sets alike, whatever their values hold', () => {
    const sets: Record<string, string>[] = [
      { a: '1', b: '2' },
      { a: '1\u0000b=1:2' },
      { a: '1' },
      { a: '', b: '' },
      { a: '1=2', b: '' },
      { a: '1', b: '=2' },
    ];
    expect(new Set(sets.map((s) => labelSetKey(s))).size).to.equal(sets.length);
  });
});
