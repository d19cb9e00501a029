import { expect } from 'chai';
import { errorLabel } from '../../src/dashboard/queries/errorLabel.js';
import type { ErrorsReport } from '../../src/dashboard/queries/errorsQuery.js';
import { type ChildService, startChildService } from '../support/childService.js';
import { parsePrometheusText } from '../support/prometheusText.js';

/**
 * Issue 21, part 4: `errors.by_type` over PromQL must equal the dashboard's,
 * so the histogram's `error_type` is the type the store records (the thrown
 * class), on each path that records it: the lean path with our histogram,
 * the lean path feeding the SDK's, and stock instrumentation-http.
 */
const SETUPS: readonly { name: string; env: Record<string, string> }[] = [
  { name: 'lean path, fast histogram', env: {} },
  { name: 'lean path, the SDK histogram', env: { GOLDEN_SIGNALS_HTTP_METRICS: 'otel' } },
  { name: 'stock instrumentation-http', env: { GOLDEN_SIGNALS_HTTP_INSTRUMENTATION: 'stock' } },
];

const VALID = 40;
const INVALID = 6;

async function post(url: string, body: unknown): Promise<number> {
  const res = await fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

for (const setup of SETUPS) {
  describe(`/metrics error_type under the ${setup.name}`, function () {
    this.timeout(60_000);
    let service: ChildService;
    let statuses: number[];

    before(async () => {
      service = await startChildService({
        PREDICT_LATENCY_MS: '0-2',
        PREDICT_FAILURE_RATE: '0.3',
        ...setup.env,
      });
      statuses = await Promise.all([
        ...Array.from({ length: VALID }, (_, i) => post(service.url, { text: `fine ${i}` })),
        ...Array.from({ length: INVALID }, () => post(service.url, {})),
      ]);
    });

    after(() => service?.stop());

    it("groups failed requests as the dashboard's errors.by_type: the thrown class", async () => {
      const samples = parsePrometheusText(await (await fetch(`${service.url}/metrics`)).text());
      const byType: Record<string, number> = {};
      for (const s of samples) {
        if (
          s.name !== 'http_server_request_duration_seconds_count' &&
          s.name !== 'http_server_request_duration_count'
        )
          continue;
        if (s.labels.http_route !== '/predict') continue;
        const status = Number(s.labels.http_response_status_code ?? 500);
        if (status < 400) continue;
        const type = errorLabel(s.labels.error_type ?? '', status);
        byType[type] = (byType[type] ?? 0) + s.value;
      }
      const errors = (await (
        await fetch(`${service.url}/dashboard/errors?period=1h`)
      ).json()) as ErrorsReport;
      const failed = statuses.filter((s) => s === 500).length;
      expect(statuses.filter((s) => s === 422)).to.have.length(INVALID);
      expect(errors.by_type).to.deep.equal(
        failed > 0
          ? { ValidationError: INVALID, ModelError: failed }
          : { ValidationError: INVALID },
      );
      expect(byType).to.deep.equal(errors.by_type);
    });
  });
}
