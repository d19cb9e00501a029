import { expect } from 'chai';
import { parseInstanceStatus } from '../../src/cluster/parseInstanceStatus.js';
import { sampleInstanceStatus } from '../support/instanceStatusSample.js';

describe('parseInstanceStatus', () => {
  it('takes a well-formed status', () => {
    expect(parseInstanceStatus(JSON.parse(JSON.stringify(sampleInstanceStatus)))).to.deep.equal(
      sampleInstanceStatus,
    );
  });

  it('takes the requests in flight a worker reports (issue 27), and a status without them', () => {
    const withActive = { ...sampleInstanceStatus, active_requests: 2 };
    expect(parseInstanceStatus(JSON.parse(JSON.stringify(withActive)))).to.deep.equal(withActive);
  });

  const bad: [string, unknown][] = [
    ['a negative in-flight count', { ...sampleInstanceStatus, active_requests: -1 }],
    ['a fractional in-flight count', { ...sampleInstanceStatus, active_requests: 1.5 }],
    ['null', null],
    ['an array', [sampleInstanceStatus]],
    ['no service', { ...sampleInstanceStatus, service: undefined }],
    ['an empty service', { ...sampleInstanceStatus, service: '' }],
    ['a 257-character instance', { ...sampleInstanceStatus, instance: 'x'.repeat(257) }],
    ['a control character', { ...sampleInstanceStatus, instance: 'a\nb' }],
    ['no saturation', { ...sampleInstanceStatus, saturation: undefined }],
    [
      'a negative heap',
      {
        ...sampleInstanceStatus,
        saturation: { ...sampleInstanceStatus.saturation, heap_used_bytes: -1 },
      },
    ],
    [
      'a string count',
      { ...sampleInstanceStatus, forwarded: { ...sampleInstanceStatus.forwarded, dropped: '2' } },
    ],
    [
      'an infinite count',
      {
        ...sampleInstanceStatus,
        forwarded: { ...sampleInstanceStatus.forwarded, pending: Number.POSITIVE_INFINITY },
      },
    ],
  ];
  for (const [what, body] of bad) {
    it(`refuses ${what}, saying why`, () => {
      expect(parseInstanceStatus(body)).to.be.a('string').and.not.equal('');
    });
  }
});
