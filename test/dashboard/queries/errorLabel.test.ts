import { expect } from 'chai';
import { errorLabel } from '../../../src/dashboard/queries/errorLabel.js';

describe('errorLabel', () => {
  const cases: [string, number, string][] = [
    ['ValidationError', 422, 'ValidationError'],
    ['', 404, 'HTTP 404'],
    ['', 500, 'HTTP 500'],
    ['503', 503, 'HTTP 503'],
    ['HTTP 404', 404, 'HTTP 404'],
    ['E42', 500, 'E42'],
  ];
  for (const [type, status, label] of cases) {
    it(`names ${JSON.stringify(type)} with status ${status} ${JSON.stringify(label)}`, () => {
      expect(errorLabel(type, status)).to.equal(label);
    });
  }
});
