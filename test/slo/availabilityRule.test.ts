import { expect } from 'chai';
import { availabilityRule } from '../../src/slo/availabilityRule.js';
import { ALL_CLIENT_ERRORS } from '../../src/slo/badStatusesOf.js';

describe('availabilityRule', () => {
  const cases: [readonly number[], string][] = [
    [[], '5xx count as failures, 4xx do not'],
    [[429], '5xx and 429 count as failures, other 4xx do not'],
    [[408, 429], '5xx, 408 and 429 count as failures, other 4xx do not'],
    [[401, 408, 429], '5xx, 401, 408 and 429 count as failures, other 4xx do not'],
    [ALL_CLIENT_ERRORS, '4xx and 5xx count as failures'],
  ];
  for (const [statuses, words] of cases) {
    it(`says ${JSON.stringify(words)} for ${statuses.length} bad 4xx statuses`, () => {
      expect(availabilityRule(statuses)).to.equal(words);
    });
  }
});
