import { expect } from 'chai';
import { InstanceStatusBoard } from '../../src/cluster/InstanceStatusBoard.js';
import { sampleInstanceStatus } from '../support/instanceStatusSample.js';

describe('InstanceStatusBoard', () => {
  it('keeps the newest status per instance and sums the forwarding figures', () => {
    const board = new InstanceStatusBoard();
    board.accept(sampleInstanceStatus, 1);
    board.accept(
      { ...sampleInstanceStatus, forwarded: { exported: 100, failed: 0, dropped: 2, pending: 0 } },
      2,
    );
    board.accept({ ...sampleInstanceStatus, instance: 'host-b:1' }, 3);
    expect(board.size).to.equal(2);
    expect(board.get('checkout', 'host-a:4242')?.atMs).to.equal(2);
    expect(board.forwardedTotals()).to.deep.equal({
      exported: 190,
      failed: 1,
      dropped: 4,
      pending: 3,
    });
  });

  it('forgets the instance reported longest ago past its limit, and counts it', () => {
    const board = new InstanceStatusBoard(2);
    for (const [i, id] of ['a', 'b', 'c'].entries())
      board.accept({ ...sampleInstanceStatus, instance: id }, i);
    board.accept({ ...sampleInstanceStatus, instance: 'b' }, 9);
    board.accept({ ...sampleInstanceStatus, instance: 'd' }, 10);
    expect(board.get('checkout', 'a')).to.equal(undefined);
    expect(board.get('checkout', 'c')).to.equal(undefined);
    expect(board.get('checkout', 'b')?.atMs).to.equal(9);
    expect(board.evicted).to.equal(2);
  });
});
