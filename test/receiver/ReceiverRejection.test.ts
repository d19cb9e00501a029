import { expect } from 'chai';
import { ReceiverRejection } from '../../src/receiver/ReceiverRejection.js';

describe('ReceiverRejection', () => {
  describe('#grpcCode', () => {
    const cases: [number, number][] = [
      [400, 3],
      [401, 16],
      [405, 12],
      [408, 4],
      [413, 8],
      [415, 3],
      [429, 8],
      [503, 14],
      [500, 2],
    ];
    for (const [status, code] of cases) {
      it(`gives google.rpc.Code ${code} for HTTP ${status}`, () => {
        expect(new ReceiverRejection(status, 'malformed', 'x').grpcCode).to.equal(code);
      });
    }
  });

  it('shows its message to the client, cut at 300 characters, even for a 503', () => {
    const rejection = new ReceiverRejection(503, 'overloaded', 'y'.repeat(500), {
      'Retry-After': '1',
    });
    expect(rejection.expose).to.equal(true);
    expect(rejection.message).to.have.length(300);
    expect(rejection.headers).to.deep.equal({ 'Retry-After': '1' });
    expect(rejection.reason).to.equal('overloaded');
    expect(rejection.name).to.equal('ReceiverRejection');
  });
});
