import { ROOT_CONTEXT } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import {
  AlwaysOffSampler,
  createAlwaysRecordSampler,
  type ReadableSpan,
  type Sampler,
  type SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import type { BatchSettings } from '../../src/config.js';
import { CountingBatchSpanProcessor } from '../../src/telemetry/CountingBatchSpanProcessor.js';

/** An exporter whose batches wait until the test settles them. */
class HeldExporter implements SpanExporter {
  readonly batches: { spans: ReadableSpan[]; done: (result: ExportResult) => void }[] = [];

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.batches.push({ spans, done });
  }

  /** Settles the oldest unsettled batch. */
  settle(code: ExportResultCode): void {
    const batch = this.batches.shift();
    if (batch === undefined) throw new Error('no batch is waiting');
    batch.done(code === ExportResultCode.SUCCESS ? { code } : { code, error: new Error('down') });
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const SETTINGS: BatchSettings = {
  maxQueueSize: 4,
  maxExportBatchSize: 2,
  // Long enough that only a full batch (or a flush) starts an export in these tests.
  scheduledDelayMillis: 60_000,
  exportTimeoutMillis: 60_000,
};

/** A tracer provider with only the processor under test; spans are ended at once. */
function pipeline(exporter: SpanExporter, sampler?: Sampler) {
  const processor = new CountingBatchSpanProcessor(exporter, SETTINGS);
  const provider = new TracerProvider({
    spanProcessors: [processor],
    ...(sampler === undefined ? {} : { sampler }),
  });
  const tracer = provider.getTracer('test');
  const end = (n: number) => {
    for (let i = 0; i < n; i++) tracer.startSpan(`span ${i}`, {}, ROOT_CONTEXT).end();
  };
  return { processor, end };
}

/** Lets the batch processor's promise callbacks run. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('CountingBatchSpanProcessor', () => {
  describe('#onEnd', () => {
    it('counts exported spans once the exporter confirms them', async () => {
      const exporter = new HeldExporter();
      const { processor, end } = pipeline(exporter);
      end(2);
      expect(processor.stats()).to.deep.equal({ exported: 0, failed: 0, dropped: 0, pending: 2 });
      exporter.settle(ExportResultCode.SUCCESS);
      expect(processor.stats()).to.deep.equal({ exported: 2, failed: 0, dropped: 0, pending: 0 });
    });

    it('drops and counts spans past the queue bound while an export is under way', async () => {
      const exporter = new HeldExporter();
      const { processor, end } = pipeline(exporter);
      // 2 go out in the first batch (held), 4 fill the queue, 4 are dropped.
      end(10);
      expect(exporter.batches.map((b) => b.spans.length)).to.deep.equal([2]);
      expect(processor.stats()).to.deep.equal({ exported: 0, failed: 0, dropped: 4, pending: 6 });

      exporter.settle(ExportResultCode.FAILED);
      await tick();
      expect(processor.stats()).to.deep.equal({ exported: 0, failed: 2, dropped: 4, pending: 4 });
      while (exporter.batches.length > 0) {
        exporter.settle(ExportResultCode.SUCCESS);
        await tick();
      }
      // Every span ended in exactly one place.
      expect(processor.stats()).to.deep.equal({ exported: 4, failed: 2, dropped: 4, pending: 0 });
    });

    it('ignores spans that are recorded but not sampled, as the batch processor does', () => {
      const exporter = new HeldExporter();
      const { processor, end } = pipeline(
        exporter,
        createAlwaysRecordSampler(new AlwaysOffSampler()),
      );
      end(5);
      expect(exporter.batches).to.have.length(0);
      expect(processor.stats()).to.deep.equal({ exported: 0, failed: 0, dropped: 0, pending: 0 });
    });

    it('counts a batch whose exporter throws as failed, and does not throw', () => {
      const throwing: SpanExporter = {
        export: () => {
          throw new Error('exporter bug');
        },
        shutdown: () => Promise.resolve(),
      };
      const { processor, end } = pipeline(throwing);
      expect(() => end(2)).not.to.throw();
      expect(processor.stats()).to.deep.equal({ exported: 0, failed: 2, dropped: 0, pending: 0 });
    });

    it('counts a batch once even if the exporter calls back twice', () => {
      const twice: SpanExporter = {
        export: (_spans, done) => {
          done({ code: ExportResultCode.SUCCESS });
          done({ code: ExportResultCode.FAILED, error: new Error('again') });
        },
        shutdown: () => Promise.resolve(),
      };
      const { processor, end } = pipeline(twice);
      end(2);
      expect(processor.stats()).to.deep.equal({ exported: 2, failed: 0, dropped: 0, pending: 0 });
    });
  });

  describe('#forceFlush', () => {
    it('sends a partial batch and resolves even when the export fails', async () => {
      const failing: SpanExporter = {
        export: (_spans, done) => done({ code: ExportResultCode.FAILED, error: new Error('503') }),
        shutdown: () => Promise.resolve(),
      };
      const { processor, end } = pipeline(failing);
      end(1);
      await processor.forceFlush();
      expect(processor.stats()).to.deep.equal({ exported: 0, failed: 1, dropped: 0, pending: 0 });
    });
  });

  describe('#shutdown', () => {
    it('flushes, resolves, and counts later spans as dropped', async () => {
      const exporter = new HeldExporter();
      const { processor, end } = pipeline(exporter);
      end(1);
      const stopping = processor.shutdown();
      await tick();
      exporter.settle(ExportResultCode.FAILED);
      await stopping;
      end(3);
      expect(processor.stats()).to.deep.equal({ exported: 0, failed: 1, dropped: 3, pending: 0 });
    });
  });
});
