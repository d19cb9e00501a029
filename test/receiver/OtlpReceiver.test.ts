import { expect } from 'chai';
import { dependenciesQuery } from '../../src/dashboard/queries/dependenciesQuery.js';
import { requestsQuery } from '../../src/dashboard/queries/requestsQuery.js';
import { OtlpReceiver } from '../../src/receiver/OtlpReceiver.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import { DAY, FakeClock, HOUR, T0 } from '../support/fakeClock.js';
import { listen } from '../support/listen.js';
import {
  decodePartialSuccess,
  decodeStatus,
  type Json,
  jsonRequest,
  jsonSpan,
  protobufBody,
} from '../support/otlpBodies.js';

const NS = 1_000_000n;

/** A SERVER span ending `agoMs` before `nowMs`; `fields` override. */
function spanAt(nowMs: number, agoMs: number, fields: Json = {}): Json {
  const endNs = BigInt(nowMs - agoMs) * NS;
  return jsonSpan({
    startTimeUnixNano: String(endNs - 20n * NS),
    endTimeUnixNano: String(endNs),
    ...fields,
  });
}

/** A receiver over a fresh store, both on one fake clock, 2 hours past T0. */
function receiverOnClock(): { receiver: OtlpReceiver; store: RequestStore; clock: FakeClock } {
  const clock = new FakeClock(T0 + 2 * HOUR);
  const store = new RequestStore({ now: clock.now });
  return { receiver: new OtlpReceiver({ store, now: clock.now }), store, clock };
}

/** One body of each fate: 2 recorded, 1 ignored (client), 1 invalid (zero trace id), 1 too old. */
function mixedBody(nowMs: number): Buffer {
  return protobufBody(
    jsonRequest(
      [
        spanAt(nowMs, 1_000),
        spanAt(nowMs, 2_000),
        spanAt(nowMs, 1_000, { kind: 3 }),
        spanAt(nowMs, 1_000, { traceId: '0'.repeat(32) }),
        spanAt(nowMs, DAY + HOUR),
      ],
      [{ key: 'service.instance.id', value: { stringValue: 'pod-7' } }],
    ),
  );
}

describe('OtlpReceiver', () => {
  describe('CLIENT spans of other processes', () => {
    it("rolls them up under their dependency and joins them to their SERVER span, under the sender's identity", () => {
      const { receiver, store, clock } = receiverOnClock();
      const traceId = 'ab'.repeat(16);
      const serverSpanId = 'cd'.repeat(8);
      const endNs = BigInt(clock.ms - 1_000) * NS;
      const client = (n: number, attributes: Json[]): Json =>
        jsonSpan({
          traceId,
          spanId: `${n}`.padStart(16, '0'),
          parentSpanId: serverSpanId,
          kind: 3,
          name: 'pg.query:SELECT app',
          startTimeUnixNano: String(endNs - 15n * NS),
          endTimeUnixNano: String(endNs - 10n * NS),
          attributes,
        });
      const pg = [
        { key: 'db.system', value: { stringValue: 'postgresql' } },
        { key: 'db.name', value: { stringValue: 'app' } },
        {
          key: 'db.statement',
          value: { stringValue: "SELECT * FROM users WHERE email = 'x@y.z'" },
        },
      ];
      const body = protobufBody(
        jsonRequest(
          [
            client(1, pg),
            client(2, pg),
            client(3, [
              { key: 'http.request.method', value: { stringValue: 'GET' } },
              { key: 'url.full', value: { stringValue: 'http://api:8080/v1?key=secret' } },
              { key: 'http.response.status_code', value: { intValue: '502' } },
            ]),
            spanAt(clock.ms, 1_000, { traceId, spanId: serverSpanId }),
          ],
          [{ key: 'service.instance.id', value: { stringValue: 'pod-9' } }],
        ),
      );
      // Not requests: counted as ignored, as before.
      expect(receiver.ingest(body, 'protobuf')).to.deep.equal({
        recorded: 1,
        ignored: 3,
        invalid: 0,
        tooOld: 0,
      });
      const report = dependenciesQuery(store, '1h', HOUR, {
        service: 'hostile',
        instance: 'pod-9',
      });
      expect(report.dependencies.map((d) => [d.dependency, d.calls, d.errors])).to.deep.equal([
        ['postgresql app', 2, 0],
        ['api:8080', 1, 1],
      ]);
      expect(report.endpoints[0]).to.deep.include({ endpoint: '/items/:id', requests: 1 });
      expect(report.unattributed_calls).to.equal(0);
      expect(JSON.stringify(report)).to.not.match(/x@y\.z|secret|\/v1/);
    });
  });

  describe('#ingest and #ingestSliced', () => {
    for (const method of ['ingest', 'ingestSliced'] as const) {
      it(`records the SERVER spans and counts every other fate (${method})`, async () => {
        const { receiver, store, clock } = receiverOnClock();
        const result = await receiver[method](mixedBody(clock.ms), 'protobuf');
        expect(result).to.deep.equal({ recorded: 2, ignored: 1, invalid: 1, tooOld: 1 });
        expect(requestsQuery(store, '1h', HOUR).total).to.equal(2);
        expect(store.sources().map((s) => [s.service, s.instance])).to.deep.include([
          'hostile',
          'pod-7',
        ]);
        expect(receiver.stats.report()).to.deep.include({
          requests_accepted: 1,
          spans_accepted: 2,
          spans_ignored: 1,
          spans_rejected: { invalid_span: 1, too_old: 1 },
        });
      });
    }
  });

  describe('#serve', () => {
    it('answers 200 with partial_success naming what it rejected, and refuses whole with a Status', async () => {
      const { receiver, clock } = receiverOnClock();
      const server = await listen((req, res) => receiver.serve(req, res));
      try {
        const post = (contentType: string, body: Buffer) =>
          fetch(`${server.url}/v1/traces`, {
            method: 'POST',
            headers: { 'Content-Type': contentType },
            body,
          });
        const ok = await post('application/x-protobuf', mixedBody(clock.ms));
        expect(ok.status).to.equal(200);
        const partial = decodePartialSuccess(
          Buffer.from(await ok.arrayBuffer()),
          ok.headers.get('content-type') ?? undefined,
        );
        expect(partial.rejectedSpans).to.equal(2);
        expect(partial.errorMessage).to.contain('1 invalid').and.contain('1 older');

        const unsupported = await post('text/plain', Buffer.from('hello'));
        expect(unsupported.status).to.equal(415);
        const status = decodeStatus(
          Buffer.from(await unsupported.arrayBuffer()),
          'application/json',
        );
        expect(status.code).to.equal(3); // INVALID_ARGUMENT
        expect(status.message).to.contain('text/plain');

        const get = await fetch(`${server.url}/v1/traces`);
        expect([get.status, get.headers.get('allow')]).to.deep.equal([405, 'POST']);
        await get.arrayBuffer();

        expect(receiver.stats.report().requests_rejected).to.deep.include({
          unsupported_type: 1,
          method_not_allowed: 1,
        });
      } finally {
        await server.close();
      }
    });
  });
});
