import { expect } from 'chai';
import {
  REQUEST_REJECTIONS,
  ReceiverStats,
  SPAN_REJECTIONS,
} from '../../src/receiver/ReceiverStats.js';

describe('ReceiverStats', () => {
  describe('#report', () => {
    it('starts at zero, with every reason listed', () => {
      const report = new ReceiverStats().report();
      expect(report.requests_accepted).to.equal(0);
      expect(report.spans_accepted).to.equal(0);
      expect(report.spans_ignored).to.equal(0);
      expect(Object.keys(report.requests_rejected)).to.deep.equal([...REQUEST_REJECTIONS]);
      expect(Object.values(report.requests_rejected)).to.deep.equal(
        REQUEST_REJECTIONS.map(() => 0),
      );
      expect(report.spans_rejected).to.deep.equal({ invalid_span: 0, too_old: 0 });
      expect(Object.keys(report.spans_rejected)).to.deep.equal([...SPAN_REJECTIONS]);
    });

    it('is a copy: changing it changes no count', () => {
      const stats = new ReceiverStats();
      const report = stats.report();
      report.requests_rejected.malformed = 99;
      report.spans_rejected.too_old = 99;
      expect(stats.report().requests_rejected.malformed).to.equal(0);
      expect(stats.report().spans_rejected.too_old).to.equal(0);
    });
  });

  describe('#accepted, #rejectedRequest, #rejectedSpans', () => {
    it('counts each request once and each span by its fate', () => {
      const stats = new ReceiverStats();
      stats.accepted(5, 2);
      stats.accepted(1, 0);
      stats.rejectedRequest('too_large');
      stats.rejectedRequest('too_large');
      stats.rejectedRequest('unauthorized');
      stats.rejectedSpans('invalid_span', 3);
      stats.rejectedSpans('too_old', 1);
      const report = stats.report();
      expect(report.requests_accepted).to.equal(2);
      expect(report.spans_accepted).to.equal(6);
      expect(report.spans_ignored).to.equal(2);
      expect(report.requests_rejected).to.deep.include({
        too_large: 2,
        unauthorized: 1,
        malformed: 0,
      });
      expect(report.spans_rejected).to.deep.equal({ invalid_span: 3, too_old: 1 });
    });
  });
});
