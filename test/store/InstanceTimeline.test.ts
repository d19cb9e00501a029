import { expect } from 'chai';
import { InstanceTimeline } from '../../src/store/InstanceTimeline.js';

describe('InstanceTimeline', () => {
  let now = 1_000;
  const clock = () => now;

  it('records a first sight, a restart (new pid) and a version change, once each', () => {
    const t = new InstanceTimeline(clock);
    t.saw('api', 'pod-a', '1.0.0', '41', false);
    now = 2_000;
    t.saw('api', 'pod-a', '1.0.0', '41', false);
    now = 3_000;
    t.saw('api', 'pod-a', '1.1.0', '41', false);
    now = 4_000;
    t.saw('api', 'pod-a', '1.1.0', '97', false);
    expect(t.since(0).map((e) => [e.kind, e.atMs, e.version])).to.deep.equal([
      ['started', 1_000, '1.0.0'],
      ['version', 3_000, '1.1.0'],
      ['started', 4_000, '1.1.0'],
    ]);
    expect(t.since(3_500)).to.have.length(1);
  });

  it('keeps the newest events past its limit, and counts the others', () => {
    const t = new InstanceTimeline(clock, 3);
    for (let i = 0; i < 5; i++) t.saw('api', `pod-${i}`, '', '1', false);
    expect(t.since(0).map((e) => e.instance)).to.deep.equal(['pod-2', 'pod-3', 'pod-4']);
    expect(t.droppedEvents).to.equal(2);
  });
});
