import { expect } from 'chai';
import fc from 'fast-check';
import type { RedactQueryMode } from '../../src/privacy/RedactionSettings.js';
import { redactText } from '../../src/privacy/redactText.js';
import { MAX_REDACTED_INPUT_LENGTH, REDACTED as R } from '../../src/privacy/redactUrl.js';

describe('redactText', () => {
  describe('#redactText', () => {
    const cases: [RedactQueryMode, string, string][] = [
      ['sensitive', 'User 42 not found', 'User 42 not found'],
      [
        'sensitive',
        'request to http://u:pw@h/a?token=x&q=1 failed, reason: ECONNREFUSED',
        `request to http://${R}:${R}@h/a?token=${R}&q=1 failed, reason: ECONNREFUSED`,
      ],
      ['sensitive', 'GET /a?password=hunter2\tfailed', `GET /a?password=${R}\tfailed`],
      ['sensitive', 'bad password=hunter2 given', `bad password=${R} given`],
      // A bare pair that a `?` follows is not a path: found by the property below.
      ['sensitive', 'token=a?', `token=${R}?`],
      ['sensitive', 'bad token=s?q=1&password=p', `bad token=${R}?q=1&password=${R}`],
      ['sensitive', 'expected a=b', 'expected a=b'],
      ['all', 'GET /a?q=1 failed', `GET /a?q=${R} failed`],
      ['all', 'expected a=b', 'expected a=b'],
      ['off', 'GET /a?token=x', 'GET /a?token=x'],
      ['sensitive', '  two  spaces ', '  two  spaces '],
      [
        'sensitive',
        'connect to postgres://app:pw@db/main failed',
        `connect to postgres://${R}:${R}@db/main failed`,
      ],
      ['sensitive', 'mail bob@example.com failed', 'mail bob@example.com failed'],
    ];
    for (const [mode, input, expected] of cases) {
      it(`masks ${JSON.stringify(input)} (${mode})`, () => {
        expect(redactText(input, mode)).to.equal(expected);
      });
    }

    it('never throws, bounds its output, and leaves no token value, on any text', () => {
      const unit = fc.constantFrom('a', ' ', '=', '&', '?', '@', ':', '/', 'token', '\n');
      fc.assert(
        fc.property(fc.string({ maxLength: 400, unit }), (text) => {
          const out = redactText(text, 'sensitive');
          expect(out.length).to.be.at.most(
            5 * Math.min(text.length, MAX_REDACTED_INPUT_LENGTH) + 16,
          );
          expect(out).not.to.match(/(?:^|[?&\s])token=(?!REDACTED)[^&\s?;#]/);
        }),
        { numRuns: 1_000 },
      );
    });
  });
});
