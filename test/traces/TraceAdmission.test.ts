import { expect } from 'chai';
import { TraceAdmission } from '../../src/traces/TraceAdmission.js';

const SECOND = 1_700_000_000_000;

describe('TraceAdmission', () => {
  it('takes every trace up to its rate each second, and again the next second', () => {
    const admission = new TraceAdmission({ tracesPerSecond: 3 });
    const taken = [0, 100, 200, 300, 999].map((ms) => admission.admit(SECOND + ms, false, false));
    expect(taken).to.deep.equal([true, true, true, false, false]);
    expect(admission.admit(SECOND + 1_000, false, false)).to.equal(true);
    expect(admission.passedOver).to.equal(2);
  });

  it('past the rate takes exemplar candidates always and errors up to their own rate', () => {
    const admission = new TraceAdmission({ tracesPerSecond: 1, errorTracesPerSecond: 2 });
    expect(admission.admit(SECOND, false, false)).to.equal(true);
    expect(admission.admit(SECOND + 1, false, true)).to.equal(true);
    expect(admission.admit(SECOND + 2, false, true)).to.equal(true);
    expect(admission.admit(SECOND + 3, true, false)).to.equal(true);
    expect(admission.admit(SECOND + 4, true, false)).to.equal(true);
    expect(admission.admit(SECOND + 5, true, false)).to.equal(false);
    expect(admission.admit(SECOND + 6, false, false)).to.equal(false);
    expect(admission.passedOver).to.equal(2);
  });

  it('takes nothing but candidates with rates of zero', () => {
    const admission = new TraceAdmission({ tracesPerSecond: 0, errorTracesPerSecond: 0 });
    expect(admission.admit(SECOND, true, false)).to.equal(false);
    expect(admission.admit(SECOND, false, true)).to.equal(true);
  });

  it('rejects rates that are not non-negative integers', () => {
    expect(() => new TraceAdmission({ tracesPerSecond: -1 })).to.throw(
      RangeError,
      /tracesPerSecond/,
    );
    expect(() => new TraceAdmission({ errorTracesPerSecond: 0.5 })).to.throw(
      RangeError,
      /errorTracesPerSecond/,
    );
  });
});
