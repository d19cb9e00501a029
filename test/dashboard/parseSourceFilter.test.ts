import { expect } from 'chai';
import { parseSourceFilter, parseSourceParam } from '../../src/dashboard/parseSourceFilter.js';
import { ValidationError } from '../../src/http/httpErrors.js';
import { MAX_SOURCE_PARAM_LENGTH } from '../../src/reportInputs/sourceNameLimits.js';

describe('parseSourceFilter', () => {
  describe('parseSourceParam', () => {
    const good: [string, string[], string | undefined][] = [
      ['absent', [], undefined],
      ['empty (no filter, as a form sends "All")', [''], undefined],
      ['a service name', ['api'], 'api'],
      ['a host:pid instance', ['web-1.internal:4242'], 'web-1.internal:4242'],
      ['a UUID', ['0b9d4c3e-61e4-4a3f-9f61-6f1f1c3c1a2b'], '0b9d4c3e-61e4-4a3f-9f61-6f1f1c3c1a2b'],
      ['spaces and unicode', ['mon service é'], 'mon service é'],
      [
        'the longest allowed',
        ['x'.repeat(MAX_SOURCE_PARAM_LENGTH)],
        'x'.repeat(MAX_SOURCE_PARAM_LENGTH),
      ],
    ];
    for (const [name, values, expected] of good) {
      it(`accepts ${name}`, () => {
        expect(parseSourceParam('service', values)).to.equal(expected);
      });
    }

    const bad: [string, string[], RegExp][] = [
      [
        'one character too long',
        ['x'.repeat(MAX_SOURCE_PARAM_LENGTH + 1)],
        /at most 256 characters, got 257/,
      ],
      ['a NUL', ['a\u0000b'], /control characters/],
      ['a newline', ['a\nb'], /control characters/],
      ['an escape', ['\u001b[31m'], /control characters/],
      ['DEL', ['a\u007f'], /control characters/],
      ['a C1 control', ['a\u0085'], /control characters/],
      ['a repeated parameter', ['a', 'b'], /at most once/],
    ];
    for (const [name, values, message] of bad) {
      it(`rejects ${name} with a 422 ValidationError naming the parameter`, () => {
        let thrown: unknown;
        try {
          parseSourceParam('instance', values);
        } catch (err) {
          thrown = err;
        }
        expect(thrown).to.be.instanceOf(ValidationError);
        expect((thrown as ValidationError).status).to.equal(422);
        expect((thrown as ValidationError).message)
          .to.match(/^instance /)
          .and.match(message);
      });
    }
  });

  it('reads both parameters of a query string', () => {
    expect(
      parseSourceFilter(new URLSearchParams('service=api&instance=h%3A1&period=1h')),
    ).to.deep.equal({
      service: 'api',
      instance: 'h:1',
    });
    expect(parseSourceFilter(new URLSearchParams('period=1h'))).to.deep.equal({
      service: undefined,
      instance: undefined,
    });
  });
});
