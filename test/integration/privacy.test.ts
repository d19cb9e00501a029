import http from 'node:http';
import { trace } from '@opentelemetry/api';
import { expect } from 'chai';
import type { ErrorsReport } from '../../src/dashboard/queries/errorsQuery.js';
import { SPAN_LIMITS } from '../../src/telemetry/startTelemetry.js';
import { getJson, type RunningServer, startTestApp } from '../support/testApp.js';

const SECRET = 'SECRET-4f9c2a-DO-NOT-STORE';

function post(base: string, contentType: string, body: string): Promise<number> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/predict',
        headers: { 'content-type': contentType },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('privacy', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestApp({ failureRate: 0 });
  });
  after(() => server.close());

  it('never stores request bodies in error messages, and cuts messages at 200 characters', async () => {
    const bodies: [string, string][] = [
      ['application/json', `{"text": "${SECRET}`],
      ['application/json', `{"text": 42, "password": "${SECRET}"}`],
      ['application/json', `["${SECRET}"]`],
      ['application/json', `"${SECRET}"`],
      ['application/json', JSON.stringify({ text: `${SECRET}${'x'.repeat(10_001)}` })],
      ['text/plain', SECRET],
      ['application/json; charset=latin1', `{"text": "${SECRET}"}`],
    ];
    for (const [type, body] of bodies)
      expect(await post(server.url, type, body)).to.be.within(400, 499);
    const errors = await getJson<ErrorsReport>(`${server.url}/dashboard/errors`);
    expect(errors.total_errors).to.equal(bodies.length);
    for (const entry of errors.recent) {
      expect(entry.message).not.to.contain(SECRET);
      expect(entry.message.length).to.be.at.most(200);
    }
  });

  it('runs the SDK with span attribute lengths limited', () => {
    const span = trace.getTracer('privacy-test').startSpan('probe', {
      attributes: { long: 'x'.repeat(SPAN_LIMITS.attributeValueLengthLimit * 4) },
    });
    const attributes = (span as unknown as { attributes: Record<string, string> }).attributes;
    span.end();
    expect(attributes.long).to.have.length(SPAN_LIMITS.attributeValueLengthLimit);
  });
});
