import { expect } from 'chai';
import { parseSlowCallsParams } from '../../src/dashboard/parseSlowCallsParams.js';
import { BadRequestError } from '../../src/http/httpErrors.js';

describe('parseSlowCallsParams', () => {
  describe('#parseSlowCallsParams', () => {
    it('reads dependency, operation and limit, each optional', () => {
      expect(parseSlowCallsParams(new URLSearchParams(''))).to.deep.equal({
        dependency: undefined,
        operation: undefined,
        limit: 20,
      });
      expect(
        parseSlowCallsParams(new URLSearchParams('dependency=redis+a%3A1&operation=GET&limit=100')),
      ).to.deep.equal({ dependency: 'redis a:1', operation: 'GET', limit: 100 });
      expect(parseSlowCallsParams(new URLSearchParams('dependency=&limit=')).dependency).to.equal(
        undefined,
      );
    });

    for (const query of [
      'limit=0',
      'limit=101',
      'limit=1.5',
      'limit=-1',
      'limit=1&limit=2',
      'operation=a&operation=b',
      'dependency=%00',
    ]) {
      it(`refuses ${query} with a 400`, () => {
        expect(() => parseSlowCallsParams(new URLSearchParams(query))).to.throw(BadRequestError);
      });
    }
  });
});
