import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import type { RequestsReport } from '../../src/dashboard/queries/requestsQuery.js';
import { type ChildService, startChildService, waitFor } from '../support/childService.js';
import { type CollectorMode, OtlpCollectorDouble } from '../support/OtlpCollectorDouble.js';
import { parsePrometheusText, sumOf } from '../support/prometheusText.js';
import { getJson, postJson } from '../support/testApp.js';

const N = 30;
// A batch of 4 goes out as soon as 4 spans wait; 4 more may wait behind it.
const QUEUE = 4;
// The hang must outlast the sending of the requests, so that the queue fills.
const HANG_TIMEOUT_MS = 2_000;
// Short enough that a failing export gives up after its first try (the first retry waits about 1 s).
const FAIL_TIMEOUT_MS = 500;

/** A loopback port nothing listens on (it was free a moment ago). */
async function refusedEndpoint(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

interface Case {
  readonly name: string;
  /** The receiver's behaviour, or undefined for a port that refuses connections. */
  readonly mode: CollectorMode | undefined;
}

const CASES: Case[] = [
  { name: 'refuses connections', mode: undefined },
  { name: 'answers 503', mode: { status: 503 } },
  { name: 'answers 429 with Retry-After', mode: { status: 429, retryAfterSeconds: 1 } },
  { name: 'never answers', mode: 'hang' },
];

for (const { name, mode } of CASES) {
  describe(`when the OTLP endpoint ${name}`, () => {
    let receiver: OtlpCollectorDouble | undefined;
    let service: ChildService;
    let statuses: number[];

    before(async () => {
      receiver = mode === undefined ? undefined : await OtlpCollectorDouble.start(mode);
      service = await startChildService({
        OTEL_TRACES_EXPORTER: 'memory,otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver?.url ?? (await refusedEndpoint()),
        OTEL_EXPORTER_OTLP_TIMEOUT: String(mode === 'hang' ? HANG_TIMEOUT_MS : FAIL_TIMEOUT_MS),
        OTEL_BSP_SCHEDULE_DELAY: '50',
        OTEL_BSP_MAX_QUEUE_SIZE: String(QUEUE),
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: String(QUEUE),
        PREDICT_LATENCY_MS: '0',
        PREDICT_FAILURE_RATE: '0',
      });
      statuses = [];
      for (let i = 0; i < N; i++) {
        const res = await postJson(`${service.url}/predict`, { text: 'still answering' });
        statuses.push(res.status);
        await res.arrayBuffer();
      }
    });

    after(async () => {
      await service?.stop();
      await receiver?.close();
    });

    it('keeps answering every request with 200', () => {
      expect(statuses).to.deep.equal(Array.from({ length: N }, () => 200));
    });

    it('counts every span as failed or dropped, none lost, none exported', async () => {
      const otlp = await waitFor(
        'every span to settle',
        async () => {
          const o = (await getJson<OverviewReport>(`${service.url}/dashboard/overview`)).telemetry
            .otlp;
          return o !== null && o.pending_spans === 0 ? o : undefined;
        },
        4 * HANG_TIMEOUT_MS + 10_000,
      );
      expect(otlp.exported_spans).to.equal(0);
      expect(otlp.failed_spans).to.be.greaterThan(0);
      expect(otlp.failed_spans + otlp.dropped_spans).to.equal(N);
      if (mode === 'hang') {
        // While the first batch hung, only QUEUE more spans could wait: the rest were dropped.
        expect(otlp.dropped_spans).to.be.greaterThan(0);
        expect(otlp.failed_spans).to.be.at.most(2 * QUEUE);
      }
      if (receiver !== undefined) expect(receiver.requests.length).to.be.greaterThan(0);

      const samples = parsePrometheusText(await (await fetch(`${service.url}/metrics`)).text());
      const labels = { exporter: 'otlp' };
      expect(sumOf(samples, 'golden_signals_spans_failed_total', labels)).to.equal(
        otlp.failed_spans,
      );
      expect(sumOf(samples, 'golden_signals_spans_dropped_total', labels)).to.equal(
        otlp.dropped_spans,
      );
      expect(sumOf(samples, 'golden_signals_spans_exported_total', labels)).to.equal(0);
    });

    it('still counts every request on the dashboard', async () => {
      const r = await getJson<RequestsReport>(`${service.url}/dashboard/requests?period=1h`);
      expect(r.total).to.equal(N);
      expect((await fetch(`${service.url}/health`)).status).to.equal(200);
    });

    it('has no unhandled rejection or crash, and exits 0 on SIGTERM', async () => {
      expect(service.child.exitCode).to.equal(null);
      const code = await service.stop();
      expect(service.output()).not.to.match(/unhandled|uncaught|rejection/i);
      expect(code).to.equal(0);
    });
  });
}
