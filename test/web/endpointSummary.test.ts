import { expect } from 'chai';
import { endpointSummary } from '../../web/endpointSummary.js';

describe('web/endpointSummary', () => {
  describe('#endpointSummary', () => {
    it('says how many routes are shown of how many', () => {
      expect(endpointSummary(12, 12, 12, '')).to.equal('12 routes.');
      expect(endpointSummary(50, 400, 400, '')).to.equal('The top 50 of 400 routes.');
      expect(endpointSummary(11, 11, 400, 'pay')).to.equal('11 of 400 routes hold “pay”.');
      expect(endpointSummary(50, 120, 1_400, 'v1')).to.equal(
        'The top 50 of 120 routes that hold “v1” (1,400 in all).',
      );
    });
  });
});
