import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { loadOtlpProtoFiles } from '../../scripts/loadOtlpProtoFiles.js';
import { OtlpCodec } from '../../src/receiver/OtlpCodec.js';
import { WorkSlicer } from '../../src/receiver/WorkSlicer.js';
import { field, jsonRequest, jsonSpan, protobufBody } from '../support/otlpBodies.js';

const codec = new OtlpCodec();
const SpanType = loadOtlpProtoFiles().lookupType('opentelemetry.proto.trace.v1.Span');

/** Every span of a request decoded whole, with its resource, as plain data. */
function flat(request: ReturnType<OtlpCodec['decode']>): unknown[] {
  const out: unknown[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = JSON.stringify(rs.resource?.attributes ?? []);
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) out.push([resource, JSON.stringify(span)]);
    }
  }
  return out;
}

/** Every span as the walk hands it over, with its resource, as plain data. */
async function walked(
  body: Buffer,
  maxSpans = 10_000,
  slicer = new WorkSlicer(),
): Promise<unknown[]> {
  const out: unknown[] = [];
  await codec.walk(codec.parse(body, 'protobuf'), maxSpans, slicer, {
    resource: (resource) => JSON.stringify(resource?.attributes ?? []),
    span: (span, resource) => out.push([resource, JSON.stringify(span)]),
  });
  return out;
}

async function bothWays(body: Buffer): Promise<[unknown[], unknown[]]> {
  return [await walked(body), flat(codec.decode(body, 'protobuf'))];
}

describe('protobufSpans', () => {
  describe('walkSpans (through OtlpCodec#walk)', () => {
    it('decodes what protobufjs decodes whole, span by span', async () => {
      const one = jsonRequest(
        Array.from({ length: 50 }, (_, i) => jsonSpan({ name: `s${i}` })),
        [{ key: 'service.instance.id', value: { stringValue: 'a' } }],
      );
      const two = jsonRequest([jsonSpan({ kind: 3 })]);
      const body = Buffer.concat([protobufBody(one), protobufBody(two)]);
      const [sliced, whole] = await bothWays(body);
      expect(sliced).to.have.length(51);
      expect(sliced).to.deep.equal(whole);
    });

    it('reads a resource sent after its spans, and skips unknown fields', async () => {
      const attribute = Buffer.concat([field(1, 'service.name'), field(2, field(1, 'late'))]);
      const resource = field(1, field(1, attribute));
      const scope = field(2, field(2, spanBytes()));
      const unknown = field(9, 'ignored');
      const body = field(1, Buffer.concat([scope, unknown, resource]));
      const [sliced, whole] = await bothWays(body);
      expect(sliced).to.have.length(1);
      expect(sliced).to.deep.equal(whole);
      expect(JSON.stringify(sliced)).to.contain('late');
    });

    it('refuses more spans than allowed with a 413, before decoding the rest', async () => {
      const body = protobufBody(jsonRequest(Array.from({ length: 11 }, () => jsonSpan())));
      const refused = await walked(body, 10).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(refused).to.deep.include({ status: 413, reason: 'too_large' });
    });

    it('refuses a field that runs past its message with a 400', async () => {
      const body = Buffer.from(protobufBody(jsonRequest([jsonSpan()])));
      body[1] = 0x7f; // the ResourceSpans' length, now past the end
      const refused = await walked(body, 10).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(refused).to.deep.include({ status: 400, reason: 'malformed' });
    });

    it('yields to the event loop while it decodes a large body', async () => {
      const body = protobufBody(jsonRequest(Array.from({ length: 10_000 }, () => jsonSpan())));
      const slicer = new WorkSlicer(0);
      let turns = 0;
      let running = true;
      const spin = () => {
        turns++;
        if (running) setImmediate(spin);
      };
      setImmediate(spin);
      await walked(body, 10_000, slicer);
      running = false;
      expect(slicer.yields).to.be.greaterThan(0);
      expect(turns).to.be.greaterThan(0);
    });
  });
});

/** One encoded Span message. */
function spanBytes(): Buffer {
  const span = SpanType.fromObject({
    traceId: randomBytes(16),
    spanId: randomBytes(8),
    name: 'GET /late',
    kind: 2,
    startTimeUnixNano: '1000',
    endTimeUnixNano: '2000',
  });
  return Buffer.from(SpanType.encode(span).finish());
}
