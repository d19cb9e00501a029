import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { expect } from 'chai';
import { IgnoredRequests } from '../src/IgnoredRequests.js';

/** A request for `url` on an unconnected socket: no own port is set here, so only its URL counts. */
function requestTo(url: string): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.url = url;
  return req;
}

describe('IgnoredRequests', () => {
  describe('#matchesPath', () => {
    it('matches the configured prefixes and below them, not their look-alikes', () => {
      const ignored = new IgnoredRequests(['/health']);
      expect(ignored.matchesPath('/health')).to.equal(true);
      expect(ignored.matchesPath('/health/ready')).to.equal(true);
      expect(ignored.matchesPath('/healthz')).to.equal(false);
      expect(ignored.matchesPath('/api/health')).to.equal(false);
    });

    it('grows with each mount: its prefix and below, its metrics path exactly', () => {
      const ignored = new IgnoredRequests([]);
      expect(ignored.matchesPath('/ops/overview')).to.equal(false);
      ignored.addMount('/ops', '/metrics');
      expect(ignored.matchesPath('/ops')).to.equal(true);
      expect(ignored.matchesPath('/ops/overview')).to.equal(true);
      expect(ignored.matchesPath('/metrics')).to.equal(true);
      expect(ignored.matchesPath('/metrics/extra')).to.equal(false);
    });
  });

  describe('#matches', () => {
    it('reads the path of the request, without its query', () => {
      const ignored = new IgnoredRequests(['/health']);
      expect(ignored.matches(requestTo('/health?probe=1'))).to.equal(true);
      expect(ignored.matches(requestTo('/users?next=/health'))).to.equal(false);
    });
  });
});
