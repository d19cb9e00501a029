import { expect } from 'chai';
import {
  type Running,
  serverStats,
  startServer,
  stopServer,
} from '../../../bench/http/benchChild.js';
import { FRAMEWORKS, type FrameworkVariantKey } from '../../../bench/http/variants.js';

/** Where each peer serves what it measured: proof that its middleware is mounted. */
const PEER_OUTPUT: Partial<Record<FrameworkVariantKey, { path: string; contains: string }>> = {
  express_swagger_stats: { path: '/swagger-stats/stats', contains: '"requests":' },
  express_prom_bundle: { path: '/metrics', contains: 'http_request_duration_seconds_count' },
  fastify_metrics: { path: '/metrics', contains: 'http_request_duration_seconds_count' },
};

describe('bench per-framework servers', () => {
  for (const framework of FRAMEWORKS) {
    describe(framework.label, () => {
      for (const variant of framework.variants) {
        describe(variant.key, () => {
          let server: Running<FrameworkVariantKey>;
          before(async () => {
            server = await startServer(variant);
          });
          after(() => stopServer(server));

          it('answers GET /items/7 with {"id":"7"}', async () => {
            const res = await fetch(`${server.origin}/items/7`);
            expect(res.status).to.equal(200);
            expect(res.headers.get('content-type')).to.match(/^application\/json/);
            expect(await res.json()).to.deep.equal({ id: '7' });
          });

          const peer = PEER_OUTPUT[variant.key];
          if (peer !== undefined) {
            it(`reports the request at ${peer.path}`, async () => {
              const res = await fetch(`${server.origin}${peer.path}`);
              expect(res.status).to.equal(200);
              expect(await res.text()).to.contain(peer.contains);
            });
          } else if (variant.nodeArgs.length > 0) {
            it('records the request in the dashboard store, zero-code', async () => {
              const stats = await serverStats(server);
              expect(stats.recorded).to.be.at.least(1);
            });
          } else {
            it('runs without OpenTelemetry', async () => {
              expect((await serverStats(server)).recorded).to.equal(-1);
            });
          }
        });
      }
    });
  }
});
