import { expect } from 'chai';
import { cpuMicrosOf, statTicks } from '../../../bench/cluster/procCpu.js';

describe('procCpu', () => {
  describe('#statTicks', () => {
    it('adds utime and stime, fields 14 and 15', () => {
      const line =
        '27528 (cat) R 27524 27524 23527 0 -1 4194304 101 0 0 0 7 5 0 0 20 0 1 0 1348802';
      expect(statTicks(line)).to.equal(12);
    });

    it('counts fields after the last parenthesis of a name with spaces and parentheses', () => {
      const line = '42 (node (a) b) S 1 42 42 0 -1 4194560 900 0 0 0 250 31 0 0 20 0 11 0 99';
      expect(statTicks(line)).to.equal(281);
    });

    it('throws on text that is not a stat line', () => {
      expect(() => statTicks('nothing here')).to.throw(/not a \/proc\/PID\/stat line/);
    });
  });

  describe('#cpuMicrosOf', () => {
    it("reads this process's CPU time as process.cpuUsage() does, to the clock tick", () => {
      const { user, system } = process.cpuUsage();
      // 10 ms ticks, and both reads round down differently: a few ticks apart at most.
      expect(Math.abs(cpuMicrosOf(process.pid) - (user + system))).to.be.below(50_000);
    });
  });
});
