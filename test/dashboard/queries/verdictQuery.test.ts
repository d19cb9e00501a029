import { expect } from 'chai';
import { verdictQuery } from '../../../src/dashboard/queries/verdictQuery.js';
import { sloSettingsOf } from '../../../src/slo/SloSettings.js';
import type { RequestRecord } from '../../../src/store/RequestRecord.js';
import { DEFAULT_THRESHOLDS } from '../../../src/thresholds/ThresholdSettings.js';
import { DAY, FakeClock, MINUTE, T0 } from '../../support/fakeClock.js';
import { storeWith } from '../../support/queryFixtures.js';
import { request } from '../../support/records.js';

const SLO = sloSettingsOf({}, DAY, (m) => new Error(m));
const NOW = T0 + 2 * 60 * MINUTE;

/** `n` requests on each of `routes` routes over the last ten minutes, 20 ms each. */
function fleet(routes: number, n: number): RequestRecord[] {
  return Array.from({ length: routes * n }, (_, i) =>
    request(NOW - 10 * MINUTE + ((i * 7919) % (10 * MINUTE)), {
      endpoint: `/r${i % routes}/:id`,
      durationMs: 20,
    }),
  );
}

/** The incident: `n` requests on `/r7/:id` taking 800 ms, 40% of them 503. */
function incident(n: number): RequestRecord[] {
  return Array.from({ length: n }, (_, i) =>
    request(NOW - 2 * MINUTE + i * 1000, {
      endpoint: '/r7/:id',
      durationMs: 800,
      statusCode: i % 5 < 2 ? 503 : 200,
    }),
  );
}

function verdictOf(records: RequestRecord[]) {
  const store = storeWith(new FakeClock(NOW), records);
  return verdictQuery(store, '15m', 15 * MINUTE, SLO, DEFAULT_THRESHOLDS);
}

describe('verdictQuery', () => {
  it('says ok for healthy traffic, with no route in the 5xx list', () => {
    const v = verdictOf(fleet(40, 10));
    expect(v.verdict).to.equal('ok');
    expect(v.reasons).to.deep.equal([]);
    expect(v.by_server_errors).to.deep.equal([]);
    expect(v.by_latency_impact).to.have.length(5);
    expect(v.server_error_rate).to.equal(0);
  });

  it('says burning during an incident, and names its route first in both lists', () => {
    const v = verdictOf([...fleet(40, 10), ...incident(60)]);
    expect(v.verdict).to.equal('burning');
    expect(v.reasons.join(' ')).to.match(/availability objective burns its budget/);
    expect(v.by_server_errors[0]).to.include({ route: '/r7/:id', server_errors: 24 });
    expect(v.by_latency_impact[0]?.route).to.equal('/r7/:id');
    expect(v.server_errors).to.equal(24);
  });

  it('says degraded when the 5xx rate passes the warning only', () => {
    const store = storeWith(new FakeClock(NOW), [
      ...fleet(40, 10),
      ...Array.from({ length: 6 }, (_, i) =>
        request(NOW - 3 * MINUTE + i, { endpoint: '/r3/:id', statusCode: 500 }),
      ),
    ]);
    // Without objectives, only the 5xx rate (6 of 406, 1.5%) is judged.
    const v = verdictQuery(store, '15m', 15 * MINUTE, undefined, DEFAULT_THRESHOLDS);
    expect(v.verdict).to.equal('degraded');
    expect(v.reasons).to.have.length(1);
    expect(v.reasons[0]).to.match(/^5xx 1\.48% of 406 requests over 15m/);
  });

  it('does not judge rates of too few requests', () => {
    const v = verdictOf([request(NOW - MINUTE, { statusCode: 500 }), request(NOW - MINUTE)]);
    expect(v.verdict).to.equal('ok');
    expect(v.server_error_rate).to.equal(0.5);
    expect(v.by_server_errors[0]).to.include({ route: '/items', server_errors: 1 });
  });

  it('says no_data, with nulls rather than zeros, without requests', () => {
    const v = verdictOf([]);
    expect(v.verdict).to.equal('no_data');
    expect(v.server_error_rate).to.equal(null);
    expect(v.p95_ms).to.equal(null);
  });

  it('keeps 4xx apart from the verdict', () => {
    const v = verdictOf(fleet(40, 10).map((r, i) => (i % 4 === 0 ? { ...r, statusCode: 404 } : r)));
    expect(v.verdict).to.equal('ok');
    expect(v.client_errors).to.equal(100);
  });
});
