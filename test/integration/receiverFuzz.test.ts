import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import fc from 'fast-check';
import { jsonRequest, jsonSpan, protobufBody } from '../support/otlpBodies.js';
import { type ReceiverHarness, request, startReceiver } from '../support/receiverHarness.js';

const PROTO = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };
const RUNS = 150;

/** A valid body with `flips` bytes overwritten: mostly malformed, sometimes still valid. */
const mutatedProtobuf = fc
  .tuple(
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
  )
  .map(([flips]) => {
    const body = protobufBody(jsonRequest([jsonSpan(), jsonSpan({ kind: 3 })]));
    for (const [at, byte] of flips) body[at % body.length] = byte;
    return body;
  });

/** Spans whose every field may be any JSON value. */
const wildJsonRequest = fc
  .array(
    fc.dictionary(
      fc.constantFrom(
        'traceId',
        'spanId',
        'kind',
        'startTimeUnixNano',
        'endTimeUnixNano',
        'attributes',
        'events',
        'status',
        'name',
      ),
      fc.jsonValue(),
    ),
    { maxLength: 4 },
  )
  .map((overrides) => jsonRequest(overrides.map((o) => jsonSpan(o))));

describe('OTLP receiver: fuzzed bodies never get a 5xx', () => {
  let harness: ReceiverHarness;
  before(async () => {
    harness = await startReceiver({ limits: { maxBodyBytes: 256 * 1024 } });
  });
  after(() => harness.close());

  const expectClientAnswer = async (headers: Record<string, string>, body: Buffer) => {
    const res = await request(harness.url, { headers, body });
    expect(res.status, res.body.toString('utf8').slice(0, 200)).to.be.oneOf([200, 400]);
  };

  it('random bytes as protobuf, plain and gzipped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), async (bytes, gzip) => {
        const body = Buffer.from(bytes);
        await expectClientAnswer(
          gzip ? { ...PROTO, 'content-encoding': 'gzip' } : PROTO,
          gzip ? gzipSync(body) : body,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('valid protobuf with bytes overwritten', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedProtobuf, (body) => expectClientAnswer(PROTO, body)),
      { numRuns: RUNS },
    );
  });

  it('random JSON values, and requests whose span fields are random JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), wildJsonRequest), (value) =>
        expectClientAnswer(JSON_TYPE, Buffer.from(JSON.stringify(value) ?? 'null')),
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('counted every one, and answered none with a 500', () => {
    const report = harness.report();
    expect(report.requests_rejected.internal).to.equal(0);
    const rejected = Object.values(report.requests_rejected).reduce((a, b) => a + b, 0);
    expect(report.requests_accepted + rejected).to.equal(RUNS * 4);
  });
});
