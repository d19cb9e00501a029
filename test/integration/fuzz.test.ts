import { expect } from 'chai';
import fc from 'fast-check';
import { send } from '../support/rawRequest.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

/** How many generated requests the property sends. */
const RUNS = 10_000;

interface Generated {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string | undefined;
}

// Characters a client can put in a path or query without the HTTP client refusing them.
const urlChar = fc.constantFrom(
  ..."abcXYZ019-._~!$&'()*+,;=:@/%?#[]".split(''),
  '%00',
  '%2e',
  '%2F',
  '%zz',
  '%E0%A4%A',
  '..',
);
const urlText = fc
  .array(urlChar, { maxLength: 30 })
  .map((parts) => parts.join('').replace(/[#]/g, ''));

const pathArb = fc.oneof(
  fc.constantFrom(
    '/predict',
    '/health',
    '/health/ready',
    '/dashboard/overview',
    '/dashboard/requests',
    '/dashboard/latency',
    '/dashboard/errors',
    '/metrics',
    '/',
  ),
  urlText.map((t) => `/${t.replace(/\?/g, '')}`),
  fc
    .constantFrom('/predict', '/dashboard/requests')
    .chain((p) => urlText.map((t) => `${p}/${t.replace(/\?/g, '')}`)),
);

const periodValue = fc.oneof(
  fc.constantFrom('1h', '15m', '7d', '0m', '-1h', '1y', '__proto__', 'constructor', 'toString', ''),
  fc.string({ maxLength: 20 }).map((s) => encodeURIComponent(s)),
  fc
    .nat({ max: 1_000_000 })
    .chain((n) => fc.constantFrom('m', 'h', 'd', 's').map((u) => `${n}${u}`)),
);
const queryArb = fc.oneof(
  fc.constant(''),
  periodValue.map((p) => `?period=${p}`),
  fc.tuple(periodValue, periodValue).map(([a, b]) => `?period=${a}&period=${b}`),
  urlText.map((t) => `?${t}`),
  fc.constantFrom('?__proto__[x]=1', '?constructor[prototype][x]=1', '?period[__proto__]=1h'),
);

const headerValue = fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, 'x'));
const headersArb = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/vnd.x+json',
      'multipart/form-data; boundary=x',
    ),
    traceparent: fc.oneof(
      headerValue,
      fc.constant('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'),
    ),
    'x-forwarded-for': headerValue,
    'x-forwarded-host': headerValue,
    accept: headerValue,
    'x-custom': headerValue,
  },
  { requiredKeys: [] },
);

const jsonValue = fc.jsonValue({ maxDepth: 4 });
const bodyArb = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 60 }).map((text) => JSON.stringify({ text })),
  jsonValue.map((v) => JSON.stringify(v)),
  fc.record({ text: jsonValue }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 80 }),
  fc.constantFrom(
    '{"__proto__": {"polluted": 1}, "text": "x"}',
    '{"constructor": {"prototype": {"polluted": 1}}, "text": "x"}',
    '{"text": "a", "text": 5}',
  ),
);

const requestArb: fc.Arbitrary<Generated> = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
    path: pathArb,
    query: queryArb,
    headers: headersArb,
    body: bodyArb,
  })
  // A HEAD answer has no body, so a client cannot read a JSON error for a HEAD it framed with one.
  .map((req) => (req.method === 'HEAD' ? { ...req, body: undefined } : req));

describe('fuzzing the live server (fast-check)', function () {
  this.timeout(180_000);
  let server: TestApp;
  before(async () => {
    server = await startTestApp();
  });
  after(async () => {
    await server.close();
  });

  it(`never answers 5xx, always a JSON error for 4xx, over ${RUNS} generated requests`, async () => {
    let sent = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requestArb, async (req) => {
        const res = await send(
          server.url,
          req.method,
          `${req.path}${req.query}`,
          req.headers,
          req.body,
        );
        const type = String(res.headers['content-type'] ?? '');
        sent++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) return false;
        if (res.status >= 400 && req.method !== 'HEAD') {
          if (!type.startsWith('application/json')) return false;
          const parsed = JSON.parse(res.body) as { error?: unknown };
          if (typeof parsed.error !== 'string' || parsed.error === '') return false;
          if (/\bat\s+\S+\s+\(|node:internal|\.js:\d+:\d+/.test(res.body)) return false;
        }
        return ({} as Record<string, unknown>).polluted === undefined;
      }),
      { numRuns: RUNS, seed: 20261127, endOnFailure: true },
    );
    expect(sent).to.equal(RUNS);
    const spread = [...statuses].sort(([a], [b]) => a - b).map(([k, v]) => `${k}: ${v}`);
    console.log(`      fuzzed ${sent} requests; statuses ${spread.join(', ')}`);
    // The generator must reach the interesting answers, or the property proves little.
    for (const status of [200, 400, 404, 405, 415, 422])
      expect(statuses.get(status)).to.be.above(0);
    // The process is alive and still serving.
    const health = await fetch(`${server.url}/health`);
    expect(health.status).to.equal(200);
    expect(Object.getOwnPropertyNames(Object.prototype)).not.to.include('polluted');
    const store = server.goldenSignals.store;
    expect(store).to.not.equal(undefined);
    expect(store?.seriesCount).to.be.at.most(store?.seriesLimit ?? 0);
  });
});
