import { expect } from 'chai';
import { checkSlowestData } from '../../../src/store/slowest/checkSlowestData.js';

describe('checkSlowestData', () => {
  it('passes well-formed rows', () => {
    const data = {
      rows: [
        {
          source: 0,
          endpoint: null,
          droppedThrough: null,
          requests: [['', 1, 2, 200, 'GET', '/a']],
        },
      ],
    };
    expect(checkSlowestData(data, 1)).to.equal(data);
  });

  for (const [what, data] of [
    ['no rows', {}],
    [
      'a source out of range',
      { rows: [{ source: 1, endpoint: null, droppedThrough: null, requests: [] }] },
    ],
    [
      'a short tuple',
      { rows: [{ source: 0, endpoint: '/a', droppedThrough: null, requests: [['', 1]] }] },
    ],
  ] as const) {
    it(`names the field for ${what}`, () => {
      expect(() => checkSlowestData(data, 1)).to.throw(/snapshot field slowest/);
    });
  }
});
