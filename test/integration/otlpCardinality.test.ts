import { expect } from 'chai';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import {
  isFoldedStatus,
  OTHER_ERROR_TYPE,
  OTHER_METHOD,
  SERIES_OVERFLOW_ALLOWANCE,
} from '../../src/store/seriesFolding.js';
import { type Json, jsonRequest, jsonSpan, protobufBody } from '../support/otlpBodies.js';
import { type ReceiverHarness, request, startReceiver } from '../support/receiverHarness.js';

const BODIES = 20;
const SPANS_PER_BODY = 5_000;
const FLOOD = BODIES * SPANS_PER_BODY;
const DAY_MS = 86_400_000;

/** Span `k` of the flood: its own route (of 1,500), method, error type, and a status of the 500 HTTP ones. */
function floodSpan(k: number): Json {
  return jsonSpan({
    attributes: [
      { key: 'http.request.method', value: { stringValue: `M${k}` } },
      { key: 'http.route', value: { stringValue: `/r${k % 1_500}` } },
      { key: 'http.response.status_code', value: { intValue: String(100 + (k % 500)) } },
      { key: 'error.type', value: { stringValue: `Error${k}` } },
    ],
  });
}

describe('OTLP receiver: 100,000 distinct error types, methods and statuses', function () {
  this.timeout(180_000);
  let harness: ReceiverHarness;
  let overview: OverviewReport;
  let errors = 0;
  let serverErrors = 0;
  let givenFoldStatuses = 0;

  before(async () => {
    // The defaults: no token, the default limits (series limit 1,000).
    harness = await startReceiver();
    for (let b = 0; b < BODIES; b++) {
      const spans: Json[] = [];
      for (let i = 0; i < SPANS_PER_BODY; i++) {
        const k = b * SPANS_PER_BODY + i;
        const status = 100 + (k % 500);
        if (status >= 400) errors++;
        if (status >= 500) serverErrors++;
        if (isFoldedStatus(status)) givenFoldStatuses++;
        spans.push(floodSpan(k));
      }
      const res = await request(harness.url, {
        headers: { 'content-type': 'application/x-protobuf' },
        body: protobufBody(jsonRequest(spans)),
      });
      expect(res.status, res.body.toString('utf8').slice(0, 200)).to.equal(200);
    }
    const res = await fetch(`${harness.url}/dashboard/overview`);
    overview = (await res.json()) as OverviewReport;
  });
  after(() => harness.close());

  it('holds the series to the limit plus the fixed allowance', () => {
    const { telemetry } = overview;
    expect(telemetry.series).to.be.at.most(telemetry.series_limit + SERIES_OVERFLOW_ALLOWANCE);
    expect(harness.store.seriesCount).to.equal(telemetry.series);
  });

  it('records every span exactly once, errors and server errors exact', () => {
    let count = 0;
    let errorCount = 0;
    let serverErrorCount = 0;
    for (const bucket of harness.store.window(DAY_MS).buckets) {
      count += bucket.totals.count;
      errorCount += bucket.totals.errors;
      serverErrorCount += bucket.totals.serverErrors;
    }
    expect(harness.report().spans_accepted).to.equal(FLOOD);
    expect(overview.total_requests).to.equal(FLOOD);
    expect(count).to.equal(FLOOD);
    expect(errorCount).to.equal(errors);
    expect(serverErrorCount).to.equal(serverErrors);
  });

  it('shows fold counters equal to the requests recorded under each fold value', () => {
    let otherMethod = 0;
    let otherType = 0;
    let foldStatus = 0;
    for (const bucket of harness.store.window(DAY_MS).buckets) {
      bucket.series.forEach((s, row) => {
        const n = bucket.counts[row] ?? 0;
        if (s.method === OTHER_METHOD) otherMethod += n;
        if (s.errorType === OTHER_ERROR_TYPE) otherType += n;
        if (isFoldedStatus(s.statusCode)) foldStatus += n;
      });
    }
    const { telemetry } = overview;
    expect(telemetry.folded_method_requests).to.be.greaterThan(0);
    expect(telemetry.folded_method_requests).to.equal(otherMethod);
    expect(telemetry.folded_error_type_requests).to.equal(otherType);
    expect(telemetry.folded_status_requests).to.equal(foldStatus - givenFoldStatuses);
  });
});
