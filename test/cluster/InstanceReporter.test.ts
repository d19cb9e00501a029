import type { IncomingMessage, ServerResponse } from 'node:http';
import { expect } from 'chai';
import { InstanceReporter } from '../../src/cluster/InstanceReporter.js';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import type { GoldenSignals } from '../../src/index.js';
import { sampleInstanceStatus } from '../support/instanceStatusSample.js';
import { listen, type RunningServer } from '../support/listen.js';
import { getJson, startTestPipeline } from '../support/testApp.js';

describe('InstanceReporter', () => {
  let gs: GoldenSignals;
  let server: RunningServer;

  before(async () => {
    gs = startTestPipeline();
    const dash = gs.handler({ prefix: '/ops' });
    server = await listen((req: IncomingMessage, res: ServerResponse) => {
      if (!dash(req, res)) res.writeHead(404).end();
    });
  });
  after(async () => {
    await server.close();
    await gs.shutdown();
  });

  it('reports the worker’s requests in flight, which the primary’s overview counts', async () => {
    const { service, instance } = sampleInstanceStatus;
    const reporter = new InstanceReporter({
      url: `${server.url}/ops`,
      token: undefined,
      resource: () => ({
        attributes: { 'service.name': service, 'service.instance.id': instance },
      }),
      fallbackInstance: 'unused',
      saturation: () => sampleInstanceStatus.saturation,
      forwarded: () => sampleInstanceStatus.forwarded,
      activeRequests: () => 4,
      intervalMs: 60_000,
    });
    expect(reporter.status()?.active_requests).to.equal(4);
    await reporter.stop();
    // The worker's spans make it a live instance of the store.
    gs.store?.record({
      timestampMs: Date.now(),
      durationMs: 5,
      endpoint: '/pay',
      method: 'POST',
      statusCode: 200,
      service,
      instance,
    });
    const overview = await getJson<OverviewReport>(`${server.url}/ops/overview`);
    expect(overview.instances.find((i) => i.instance === instance)?.active_requests).to.equal(4);
    expect(overview.cluster_active_requests).to.equal(overview.active_requests + 4);
    expect(overview.active_requests_unknown_instances).to.equal(0);
  });
});
