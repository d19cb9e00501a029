import { trace } from '@opentelemetry/api';
import { InstrumentationBase } from '@opentelemetry/instrumentation';
import { expect } from 'chai';
import { startTestPipeline } from '../support/testApp.js';

/** An instrumentation that cannot be switched off: one failing shutdown step. */
class UndisablableInstrumentation extends InstrumentationBase {
  constructor() {
    super('undisablable', '0.0.1', {});
  }

  protected init(): undefined {
    return undefined;
  }

  override disable(): void {
    throw new Error('cannot disable');
  }
}

describe('startTelemetry', () => {
  describe('#shutdown', () => {
    it('runs every step after one that throws, resolves, and counts the failure', async () => {
      const warnings: string[] = [];
      const gs = startTestPipeline(
        {},
        {
          instrumentations: [new UndisablableInstrumentation()],
          logger: { info: () => {}, warn: (m) => warnings.push(m) },
        },
      );
      expect(trace.getTracer('test').startSpan('before').isRecording()).to.equal(true);
      await gs.shutdown();
      expect(gs.internalErrors.bySite).to.deep.equal({ 'shutdown.instrumentations': 1 });
      expect(warnings.join('\n')).to.match(/shutdown\.instrumentations.*cannot disable/);
      // The steps after it ran: the OpenTelemetry globals are released.
      expect(trace.getTracer('test').startSpan('after').isRecording()).to.equal(false);
      // And a second call returns the first one's promise, resolved.
      await gs.shutdown();
    });
  });
});
