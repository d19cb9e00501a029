import { SpanKind } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { expect } from 'chai';
import { loadConfig } from '../../src/config.js';
import { InternalErrors } from '../../src/guard/InternalErrors.js';
import { createDashboardPipeline } from '../../src/telemetry/dashboardPipeline.js';
import { TEST_ENV } from '../support/testApp.js';

const SILENT = { info: () => {}, warn: () => {} };

describe('createDashboardPipeline', () => {
  /** A store-less pipeline (a worker's exporters), one SERVER span left running and one ended. */
  function run(feedLive: boolean | undefined) {
    const config = loadConfig({ ...TEST_ENV, OTEL_TRACES_EXPORTER: 'otlp' });
    const pipeline = createDashboardPipeline(config, {
      log: SILENT,
      guard: new InternalErrors(SILENT),
      feedLive,
    });
    const tracer = new TracerProvider({ spanProcessors: [pipeline.processor] }).getTracer('t');
    const running = tracer.startSpan('GET /a', { kind: SpanKind.SERVER });
    tracer.startSpan('GET /b', { kind: SpanKind.SERVER }).end();
    return { pipeline, running };
  }

  it('feeds the in-flight list by default', () => {
    const { pipeline, running } = run(undefined);
    expect(pipeline.store).to.equal(undefined);
    expect(pipeline.processor.activeRequests).to.equal(1);
    expect(pipeline.live.inflight.size).to.equal(1);
    running.end();
  });

  it("leaves a forwarding worker's in-flight list and trace ring unfed, and still counts what is in flight", () => {
    const { pipeline, running } = run(false);
    expect(pipeline.processor.activeRequests).to.equal(1);
    expect(pipeline.live.inflight.size).to.equal(0);
    running.end();
    expect(pipeline.processor.activeRequests).to.equal(0);
  });
});
