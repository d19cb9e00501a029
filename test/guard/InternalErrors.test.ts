import { expect } from 'chai';
import { InternalErrors } from '../../src/guard/InternalErrors.js';

/** A logger that keeps its lines. */
function recordingLog(): { lines: string[]; warn(message: string): void } {
  const lines: string[] = [];
  return { lines, warn: (m) => lines.push(m) };
}

const boom = (): never => {
  throw new Error('boom');
};

describe('InternalErrors', () => {
  describe('#run', () => {
    it('returns what the function returns when it does not throw', () => {
      const guard = new InternalErrors(recordingLog());
      expect(guard.run('span.end', () => 7, 0)).to.equal(7);
      expect(guard.total).to.equal(0);
      expect(guard.bySite).to.deep.equal({});
    });

    it('returns the fallback, counts by site and logs once per site when it throws', () => {
      const log = recordingLog();
      const guard = new InternalErrors(log);
      for (let i = 0; i < 3; i++) expect(guard.run('span.end', boom, -1)).to.equal(-1);
      expect(guard.run('snapshot.write', boom, undefined)).to.equal(undefined);
      expect(guard.total).to.equal(4);
      expect(guard.bySite).to.deep.equal({ 'span.end': 3, 'snapshot.write': 1 });
      expect(log.lines).to.have.length(2);
      expect(log.lines[0]).to.match(/span\.end.*internal_errors.*Error: boom/);
      expect(log.lines[1]).to.match(/snapshot\.write/);
    });

    it('names an errno error by its code', () => {
      const log = recordingLog();
      const err = Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' });
      new InternalErrors(log).record('saturation.read', err);
      expect(log.lines[0]).to.match(/Error EMFILE: EMFILE: too many open files/);
    });

    it('cuts a long message short in the log', () => {
      const log = recordingLog();
      new InternalErrors(log).record('span.end', new Error('x'.repeat(10_000)));
      expect(log.lines[0]?.length).to.be.below(500);
    });

    it('counts a thrown non-Error, and one whose text cannot be made', () => {
      const log = recordingLog();
      const guard = new InternalErrors(log);
      guard.record('span.start', 'a string');
      guard.record('span.end', {
        toString() {
          throw new Error('no text');
        },
      });
      expect(guard.total).to.equal(2);
      expect(log.lines[0]).to.match(/a string/);
      expect(log.lines[1]).to.match(/unprintable error/);
    });

    it('keeps counting when the logger itself throws', () => {
      const guard = new InternalErrors({ warn: boom });
      expect(guard.run('span.end', boom, 'fallback')).to.equal('fallback');
      expect(guard.total).to.equal(1);
    });
  });

  describe('#wrap', () => {
    it('makes a callback that never throws, passing its arguments through', () => {
      const guard = new InternalErrors(recordingLog());
      const seen: number[] = [];
      const callback = guard.wrap('dashboard.server', (n: number) => {
        seen.push(n);
        if (n > 1) throw new Error('too big');
      });
      callback(1);
      callback(2);
      expect(seen).to.deep.equal([1, 2]);
      expect(guard.bySite).to.deep.equal({ 'dashboard.server': 1 });
    });
  });

  describe('#step', () => {
    it('resolves whether the step returns, throws or rejects, so the next step runs', async () => {
      const guard = new InternalErrors(recordingLog());
      const ran: string[] = [];
      await guard
        .step('shutdown.dashboard', () => {
          ran.push('dashboard');
          throw new Error('sync');
        })
        .then(() =>
          guard.step('shutdown.telemetry', async () => {
            ran.push('telemetry');
            throw new Error('async');
          }),
        )
        .then(() => guard.step('shutdown.reporter', () => ran.push('reporter')));
      expect(ran).to.deep.equal(['dashboard', 'telemetry', 'reporter']);
      expect(guard.bySite).to.deep.equal({ 'shutdown.dashboard': 1, 'shutdown.telemetry': 1 });
    });
  });
});
