import { expect } from 'chai';
import { PathSet } from '../../src/telemetry/PathSet.js';

describe('PathSet', () => {
  describe('#matches', () => {
    const set = new PathSet(['/health']);
    const cases: [string, boolean][] = [
      ['/health', true],
      ['/health/', true],
      ['/health/ready', true],
      ['/health/ready/deep', true],
      ['/healthz', false],
      ['/health-check', false],
      ['/healt', false],
      ['/', false],
      ['', false],
      ['/api/health', false],
      ['/HEALTH', false],
    ];
    for (const [path, expected] of cases) {
      it(`${expected ? 'matches' : 'does not match'} ${JSON.stringify(path)} for /health`, () => {
        expect(set.matches(path)).to.equal(expected);
      });
    }

    it('matches nothing when empty', () => {
      const empty = new PathSet();
      for (const path of ['/', '/health', '/anything']) expect(empty.matches(path)).to.equal(false);
    });

    it('matches below any of several prefixes', () => {
      const several = new PathSet(['/health', '/ops/signals']);
      expect(several.matches('/ops/signals/overview')).to.equal(true);
      expect(several.matches('/ops')).to.equal(false);
      expect(several.matches('/ops/signalsx')).to.equal(false);
      expect(several.matches('/health/live')).to.equal(true);
    });
  });

  describe('#add', () => {
    it('drops a trailing slash, so the prefix still matches itself and below only', () => {
      const set = new PathSet();
      set.add('/ops/');
      expect(set.list()).to.deep.equal(['/ops']);
      expect(set.matches('/ops')).to.equal(true);
      expect(set.matches('/ops/overview')).to.equal(true);
      expect(set.matches('/opsx')).to.equal(false);
    });

    it('keeps a prefix once however often it is added, with or without the slash', () => {
      const set = new PathSet(['/health']);
      set.add('/health');
      set.add('/health/');
      set.add('/ops');
      expect(set.list()).to.deep.equal(['/health', '/ops']);
    });

    it('grows a set that was already matching', () => {
      const set = new PathSet(['/health']);
      expect(set.matches('/ops/metrics')).to.equal(false);
      set.add('/ops/metrics');
      expect(set.matches('/ops/metrics')).to.equal(true);
      expect(set.matches('/ops')).to.equal(false);
    });
  });

  describe('#list', () => {
    it('answers a copy, in the order added', () => {
      const set = new PathSet(['/b', '/a']);
      const list = set.list() as string[];
      list.push('/c');
      expect(set.list()).to.deep.equal(['/b', '/a']);
    });
  });
});
