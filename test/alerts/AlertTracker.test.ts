import { expect } from 'chai';
import { AlertTracker, ENDS_AT_RESENDS } from '../../src/alerts/AlertTracker.js';
import type { BurnAlert } from '../../src/alerts/burnAlerts.js';
import { T0 } from '../support/fakeClock.js';

const RESEND = 60_000;

function alert(key: string, firing: boolean, burn = '20'): BurnAlert {
  return { key, labels: { alertname: 'A', key }, annotations: { burn }, firing };
}

describe('AlertTracker', () => {
  describe('#update', () => {
    it('sends firing once, re-sends every resend interval with the same start, then resolves', () => {
      const tracker = new AlertTracker(RESEND);
      const steps: [number, BurnAlert[], string[]][] = [
        [T0, [alert('a', false)], []],
        [T0 + 1_000, [alert('a', true)], ['firing']],
        [T0 + 30_000, [alert('a', true)], []],
        [T0 + 61_000, [alert('a', true, '30')], ['refresh']],
        [T0 + 90_000, [alert('a', true)], []],
        [T0 + 95_000, [alert('a', false, '3')], ['resolved']],
        [T0 + 200_000, [alert('a', false)], []],
      ];
      for (const [now, alerts, kinds] of steps) {
        const notices = tracker.update(alerts, now);
        expect(
          notices.map((n) => n.kind),
          `at +${now - T0}`,
        ).to.deep.equal(kinds);
        for (const n of notices) {
          expect(n.startsAtMs).to.equal(T0 + 1_000);
          expect(n.endsAtMs).to.equal(n.kind === 'resolved' ? now : now + ENDS_AT_RESENDS * RESEND);
          // The newest figures go out.
          expect(n.alert.annotations).to.deep.equal(alerts[0]?.annotations);
        }
      }
    });

    it('resolves an alert whose service is gone', () => {
      const tracker = new AlertTracker(RESEND);
      tracker.update([alert('a', true), alert('b', true)], T0);
      const notices = tracker.update([alert('b', true)], T0 + 1_000);
      expect(notices.map((n) => [n.kind, n.alert.key])).to.deep.equal([['resolved', 'a']]);
      expect(tracker.firing().map((f) => f.alert.key)).to.deep.equal(['b']);
    });

    it('fires again, with a new start, after a resolve', () => {
      const tracker = new AlertTracker(RESEND);
      tracker.update([alert('a', true)], T0);
      tracker.update([alert('a', false)], T0 + 1_000);
      const again = tracker.update([alert('a', true)], T0 + 2_000);
      expect(again.map((n) => [n.kind, n.startsAtMs])).to.deep.equal([['firing', T0 + 2_000]]);
    });
  });
});
