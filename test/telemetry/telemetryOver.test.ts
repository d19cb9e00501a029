import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '../../src/config.js';
import { InternalErrors } from '../../src/guard/InternalErrors.js';
import { createDashboardPipeline } from '../../src/telemetry/dashboardPipeline.js';
import { pipelineSourcesOf, telemetryOver } from '../../src/telemetry/telemetryOver.js';
import { TEST_ENV } from '../support/testApp.js';

const SILENT = { info: () => {}, warn: () => {} };

describe('telemetryOver', () => {
  let dir: string;
  let file: string;
  let guard: InternalErrors;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gs-telemetry-over-'));
    file = join(dir, 'dashboard.json');
    guard = new InternalErrors(SILENT);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A pipeline with a snapshot file, and the telemetry over it with `stopSpans`. */
  function over(stopSpans: () => Promise<void>, release?: () => void) {
    const config = loadConfig({ ...TEST_ENV, GOLDEN_SIGNALS_SNAPSHOT_FILE: file });
    const pipeline = createDashboardPipeline(config, { log: SILENT, guard });
    return {
      pipeline,
      telemetry: telemetryOver(pipeline, {
        config,
        guard,
        stopSpans,
        release,
        metricsHandler: undefined,
      }),
    };
  }

  it('serves the pipeline’s store, live requests, counts and guard', () => {
    const { pipeline, telemetry } = over(async () => {});
    expect(telemetry.store).to.equal(pipeline.store);
    expect(telemetry.live).to.equal(pipeline.live);
    expect(telemetry.activeRequests()).to.equal(0);
    expect(telemetry.droppedSpans()).to.equal(0);
    expect(telemetry.internalErrors).to.equal(guard);
    expect(telemetry.tracesExporters).to.deep.equal(['memory']);
    // No OTLP pipeline and no forwarding were given.
    expect(telemetry.otlpSpans()).to.equal(undefined);
    expect(telemetry.forwardedSpans()).to.equal(undefined);
    return telemetry.shutdown();
  });

  describe('#shutdown', () => {
    it('stops the spans, then writes the snapshot, then releases, once', async () => {
      const order: string[] = [];
      const { telemetry } = over(
        async () => {
          order.push(`stop (snapshot there: ${existsSync(file)})`);
        },
        () => order.push(`release (snapshot there: ${existsSync(file)})`),
      );
      const first = telemetry.shutdown();
      expect(telemetry.shutdown()).to.equal(first);
      await first;
      expect(order).to.deep.equal([
        'stop (snapshot there: false)',
        'release (snapshot there: true)',
      ]);
    });

    it('writes the snapshot though the spans never stop, past its deadline', async () => {
      const { telemetry } = over(() => new Promise<void>(() => {}));
      await telemetry.shutdown(10);
      expect(existsSync(file)).to.equal(true);
    });

    it('writes the snapshot though stopping the spans fails, and counts the failure', async () => {
      const { telemetry } = over(() => Promise.reject(new Error('exporter gone')));
      await telemetry.shutdown();
      expect(existsSync(file)).to.equal(true);
      expect(guard.bySite['shutdown.telemetry']).to.equal(1);
    });
  });
});

describe('pipelineSourcesOf', () => {
  it('reads the telemetry’s figures, and no in-flight gauge when no span is made', async () => {
    const guard = new InternalErrors(SILENT);
    const config = loadConfig(TEST_ENV);
    const pipeline = createDashboardPipeline(config, { log: SILENT, guard });
    const telemetry = telemetryOver(pipeline, {
      config,
      guard,
      stopSpans: async () => {},
      metricsHandler: undefined,
    });
    const counting = pipelineSourcesOf(telemetry);
    expect(counting.activeRequests?.()).to.equal(0);
    expect(counting.store).to.equal(telemetry.store);
    expect(counting.dashboardDroppedSpans()).to.equal(0);
    expect(counting.internalErrors).to.equal(guard);
    expect(pipelineSourcesOf(telemetry, false).activeRequests).to.equal(undefined);
    await telemetry.shutdown();
  });
});
