import { expect } from 'chai';
import { jsonRequest, jsonSpan } from '../support/otlpBodies.js';
import { type ReceiverHarness, request, startReceiver } from '../support/receiverHarness.js';
import { getJson } from '../support/testApp.js';

interface EventJson {
  kind: string;
  instance: string;
  version: string;
  local: boolean;
}

/** One OTLP/JSON export of a span from `instance` at `version` (and `pid`). */
function send(r: ReceiverHarness, instance: string, version: string, pid: number) {
  const body = jsonRequest(
    [jsonSpan()],
    [
      { key: 'service.instance.id', value: { stringValue: instance } },
      { key: 'service.version', value: { stringValue: version } },
      { key: 'process.pid', value: { intValue: String(pid) } },
    ],
  );
  return request(r.url, {
    method: 'POST',
    path: '/v1/traces',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('instance events from received resources', () => {
  let r: ReceiverHarness;
  before(async () => {
    r = await startReceiver();
  });
  after(() => r?.close());

  it('lists starts and version changes in the overview, once per change', async () => {
    for (const [instance, version, pid] of [
      ['pod-a', '1.0.0', 10],
      ['pod-a', '1.0.0', 10],
      ['pod-b', '1.0.0', 20],
      ['pod-a', '1.1.0', 10],
      ['pod-a', '1.1.0', 11],
      ['pod-a', '1.1.0', 11],
    ] as const) {
      expect((await send(r, instance, version, pid)).status).to.equal(200);
    }
    const overview = await getJson<{ instance_events: EventJson[] }>(`${r.url}/dashboard/overview`);
    expect(
      overview.instance_events.map((e) => [e.kind, e.instance, e.version, e.local]),
    ).to.deep.equal([
      ['started', 'pod-a', '1.0.0', false],
      ['started', 'pod-b', '1.0.0', false],
      ['version', 'pod-a', '1.1.0', false],
      ['started', 'pod-a', '1.1.0', false],
    ]);
  });
});
