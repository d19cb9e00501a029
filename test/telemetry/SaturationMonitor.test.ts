import { expect } from 'chai';
import { InternalErrors } from '../../src/guard/InternalErrors.js';
import { SaturationMonitor } from '../../src/telemetry/SaturationMonitor.js';
import { withMemoryUsageThrowing, withMonitorEventLoopDelay } from '../support/processFaults.js';

const SILENT = { warn: () => {} };

describe('SaturationMonitor', () => {
  describe('#read', () => {
    it('reads delay, utilization, heap and RSS', () => {
      const monitor = new SaturationMonitor();
      try {
        const report = monitor.read();
        expect(report.heap_used_bytes).to.be.greaterThan(0);
        expect(report.rss_bytes).to.be.greaterThan(0);
        expect(report.event_loop_utilization).to.be.within(0, 1);
      } finally {
        monitor.stop();
      }
    });

    describe('when process.memoryUsage() throws EMFILE', () => {
      it('never throws: V8 gives the heap, the RSS stays at its last good value; each failure is counted', () => {
        const warnings: string[] = [];
        const guard = new InternalErrors({ warn: (m) => warnings.push(m) });
        const monitor = new SaturationMonitor(Date.now, guard);
        try {
          const good = monitor.read();
          const [first, second] = withMemoryUsageThrowing(() => [monitor.read(), monitor.read()]);
          expect(first?.rss_bytes).to.equal(good.rss_bytes);
          expect(second?.rss_bytes).to.equal(good.rss_bytes);
          expect(first?.heap_used_bytes).to.be.greaterThan(0);
          expect(guard.bySite).to.deep.equal({ 'saturation.read': 2 });
          expect(warnings).to.have.length(1);
          expect(warnings[0]).to.match(/saturation\.read.*EMFILE/);
          // Once it works again, the figures are live again.
          expect(monitor.read().rss_bytes).to.be.greaterThan(0);
          expect(guard.total).to.equal(2);
        } finally {
          monitor.stop();
        }
      });

      it('gives 0 for an RSS it never read, rather than throwing', () => {
        const guard = new InternalErrors(SILENT);
        const report = withMemoryUsageThrowing(() => {
          const monitor = new SaturationMonitor(Date.now, guard);
          try {
            return monitor.read();
          } finally {
            monitor.stop();
          }
        });
        expect(report.rss_bytes).to.equal(0);
        expect(report.heap_used_bytes).to.be.greaterThan(0);
      });
    });

    for (const [name, replacement] of [
      [
        'throws at construction',
        () => {
          throw new Error('ENOSYS: no timer for you');
        },
      ],
      ['is unavailable', undefined],
    ] as const) {
      describe(`when monitorEventLoopDelay ${name}`, () => {
        it('constructs, reads a delay of 0 and the other figures, and counts it once', () => {
          const guard = new InternalErrors(SILENT);
          const monitor = withMonitorEventLoopDelay(
            replacement,
            () => new SaturationMonitor(Date.now, guard),
          );
          try {
            const report = monitor.read();
            expect(report.event_loop_delay_p99_ms).to.equal(0);
            expect(report.heap_used_bytes).to.be.greaterThan(0);
            expect(guard.bySite).to.deep.equal({ 'saturation.monitor': 1 });
          } finally {
            monitor.stop();
          }
        });
      });
    }
  });
});
