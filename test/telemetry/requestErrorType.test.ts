import { expect } from 'chai';
import { metricErrorType, requestErrorType } from '../../src/telemetry/requestErrorType.js';

const exception = (type: string) => [{ name: 'exception', attributes: { 'exception.type': type } }];

describe('requestErrorType', () => {
  describe('#requestErrorType', () => {
    const cases: [string, Parameters<typeof requestErrorType>[0], string | undefined][] = [
      ['none named', { attributes: {}, events: [] }, undefined],
      [
        "the span's error.type",
        { attributes: { 'error.type': 'ValidationError' } },
        'ValidationError',
      ],
      [
        'the thrown class over a bare status code',
        { attributes: { 'error.type': '500' }, events: exception('ModelError') },
        'ModelError',
      ],
      [
        'error.type over the thrown class when it names one',
        { attributes: { 'error.type': 'TimeoutError' }, events: exception('Error') },
        'TimeoutError',
      ],
      ['the thrown class alone', { events: exception('BoomError') }, 'BoomError'],
      ['a bare status code alone', { attributes: { 'error.type': '503' } }, '503'],
      ['not an empty string', { attributes: { 'error.type': '' } }, undefined],
    ];
    for (const [name, span, expected] of cases) {
      it(name, () => expect(requestErrorType(span)).to.equal(expected));
    }
  });

  describe('#metricErrorType', () => {
    const cases: [number | undefined, string | undefined, string | undefined][] = [
      [200, 'Ignored', undefined],
      [302, undefined, undefined],
      [404, undefined, undefined],
      [422, 'ValidationError', 'ValidationError'],
      [500, undefined, '500'],
      [500, 'ModelError', 'ModelError'],
      [503, '503', '503'],
      [undefined, 'ECONNRESET', 'ECONNRESET'],
      [undefined, undefined, undefined],
    ];
    for (const [status, stored, expected] of cases) {
      it(`${status ?? 'no status'} with ${stored ?? 'no type'}: ${expected ?? 'none'}`, () => {
        expect(metricErrorType(status, stored)).to.equal(expected);
      });
    }
  });
});
