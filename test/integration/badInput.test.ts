import net from 'node:net';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import type { RequestsReport } from '../../src/dashboard/queries/requestsQuery.js';
import { send } from '../support/rawRequest.js';
import { getJson, type RunningServer, startTestApp } from '../support/testApp.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

interface Case {
  name: string;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  status: number;
}

const CASES: Case[] = [
  { name: 'malformed JSON', body: '{"text": ', status: 400 },
  { name: 'JSON with trailing garbage', body: '{"text": "a"} x', status: 400 },
  { name: 'empty body', body: '', status: 400 },
  { name: 'empty object {}', body: '{}', status: 422 },
  { name: 'text is a number', body: '{"text": 5}', status: 422 },
  { name: 'text is null', body: '{"text": null}', status: 422 },
  { name: 'text is an object', body: '{"text": {"a": 1}}', status: 422 },
  { name: 'empty text', body: '{"text": ""}', status: 422 },
  { name: 'text too long', body: JSON.stringify({ text: 'a'.repeat(10_001) }), status: 422 },
  { name: 'an array body', body: '[{"text": "hi"}]', status: 422 },
  { name: 'a bare string', body: '"hello"', status: 422 },
  { name: 'a bare number', body: '42', status: 422 },
  { name: 'null', body: 'null', status: 422 },
  { name: 'body over 1 MB', body: JSON.stringify({ text: 'a'.repeat(1_100_000) }), status: 413 },
  {
    name: 'gzip body that inflates past 1 MB',
    headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' },
    body: gzipSync(JSON.stringify({ text: 'a'.repeat(2_000_000) })),
    status: 413,
  },
  {
    name: 'text/plain content type',
    headers: { 'content-type': 'text/plain' },
    body: '{"text": "hi"}',
    status: 415,
  },
  {
    name: 'form content type',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'text=hi',
    status: 415,
  },
  { name: 'no content type', headers: {}, body: '{"text": "hi"}', status: 415 },
  {
    name: 'a bogus charset',
    headers: { 'content-type': 'application/json; charset=klingon' },
    body: '{"text": "hi"}',
    status: 415,
  },
  {
    name: 'a __proto__ key',
    body: '{"text": "hi", "__proto__": {"polluted": true}}',
    status: 200,
  },
  {
    name: 'a constructor.prototype key',
    body: '{"text": "hi", "constructor": {"prototype": {"polluted": true}}}',
    status: 200,
  },
  {
    name: 'only a __proto__ text',
    body: '{"__proto__": {"text": "hi"}}',
    status: 422,
  },
  { name: 'deep nesting (100,000 arrays)', body: `{"text": ${'['.repeat(100_000)}`, status: 400 },
  {
    name: 'deep nesting that is valid JSON',
    body: `{"text": "a", "x": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
    status: 200,
  },
  {
    name: 'a Content-Length longer than the body',
    headers: { ...JSON_HEADERS, 'content-length': '100' },
    body: '{"text": "hi"}',
    status: 408, // the server waits for the rest until the request timeout
  },
  {
    name: 'a brotli content encoding that is not brotli',
    headers: { ...JSON_HEADERS, 'content-encoding': 'br' },
    body: '{"text": "hi"}',
    status: 400,
  },
  {
    name: 'an unknown content encoding',
    headers: { ...JSON_HEADERS, 'content-encoding': 'x-rot13' },
    body: '{"text": "hi"}',
    status: 415,
  },
  {
    name: 'a gzip body that is not gzip',
    headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' },
    body: '{"text": "hi"}',
    status: 400,
  },
  {
    name: 'a vendor +json content type',
    headers: { 'content-type': 'application/vnd.api+json' },
    body: '{"text": "hi"}',
    status: 200,
  },
  {
    name: 'a garbage traceparent',
    headers: { ...JSON_HEADERS, traceparent: 'zz-not-a-trace-parent-at-all' },
    body: '{"text": "hi"}',
    status: 200,
  },
  {
    name: 'hostile X-Forwarded-* headers',
    headers: {
      ...JSON_HEADERS,
      'x-forwarded-for': '<script>alert(1)</script>, 999.999.999.999',
      'x-forwarded-host': 'evil.example:99999/../admin',
      'x-forwarded-proto': 'javascript',
    },
    body: '{"text": "hi"}',
    status: 200,
  },
  { name: 'unknown path', method: 'GET', path: '/does-not-exist', status: 404 },
  { name: 'an encoded traversal', method: 'GET', path: '/%2e%2e/%2e%2e/etc/passwd', status: 404 },
  { name: 'a NUL byte in the path', method: 'GET', path: '/predict%00', status: 404 },
  {
    name: 'bad percent-encoding on the dashboard',
    method: 'GET',
    path: '/dashboard/%E0%A4%A',
    status: 404,
  },
  { name: 'HEAD /predict', method: 'HEAD', path: '/predict', status: 405 },
  { name: 'PATCH /predict', method: 'PATCH', path: '/predict', body: '{}', status: 405 },
  { name: 'OPTIONS on an unknown path', method: 'OPTIONS', path: '/nowhere', status: 404 },
  {
    name: 'a prototype-like period',
    method: 'GET',
    path: '/dashboard/requests?period=__proto__',
    status: 422,
  },
  {
    name: 'a period[] array',
    method: 'GET',
    path: '/dashboard/latency?period[]=1h',
    status: 200,
  },
  {
    name: 'a constructor period',
    method: 'GET',
    path: '/dashboard/errors?period=constructor',
    status: 422,
  },
  { name: 'traversal attempt', method: 'GET', path: '/../../etc/passwd', status: 404 },
  { name: 'bad percent-encoding', method: 'GET', path: '/predict%zz', status: 404 },
  { name: 'GET /predict', method: 'GET', path: '/predict', status: 405 },
  { name: 'PUT /predict', method: 'PUT', path: '/predict', body: '{}', status: 405 },
  { name: 'DELETE /predict', method: 'DELETE', path: '/predict', status: 405 },
  { name: 'POST /health', method: 'POST', path: '/health', body: '{}', status: 405 },
  { name: 'period=abc', method: 'GET', path: '/dashboard/requests?period=abc', status: 422 },
  { name: 'period=0m', method: 'GET', path: '/dashboard/latency?period=0m', status: 422 },
  { name: 'period=-1h', method: 'GET', path: '/dashboard/errors?period=-1h', status: 422 },
  { name: 'period=1y', method: 'GET', path: '/dashboard/requests?period=1y', status: 422 },
  {
    name: 'period=99999999999d',
    method: 'GET',
    path: '/dashboard/requests?period=99999999999d',
    status: 422,
  },
  { name: 'period=367d', method: 'GET', path: '/dashboard/latency?period=367d', status: 422 },
  {
    name: 'a repeated period',
    method: 'GET',
    path: '/dashboard/requests?period=1h&period=2h',
    status: 422,
  },
  { name: 'an empty period', method: 'GET', path: '/dashboard/errors?period=', status: 422 },
  {
    name: 'a very long period',
    method: 'GET',
    path: `/dashboard/requests?period=${'9'.repeat(5000)}h`,
    status: 422,
  },
];

const STACK_TRACE = /\bat\s+\S+\s+\(|node:internal|\.js:\d+:\d+|\.ts:\d+:\d+/;

describe('bad input', () => {
  let server: RunningServer;
  before(async () => {
    // Short timeouts, so the case whose body never arrives ends quickly.
    server = await startTestApp(
      {},
      { timeouts: { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000, keepAliveTimeoutMs: 1_000 } },
    );
  });
  after(() => server.close());

  for (const c of CASES) {
    it(`answers ${c.status} with a JSON error for ${c.name}`, async () => {
      const method = c.method ?? 'POST';
      const headers = c.headers ?? (method === 'POST' ? JSON_HEADERS : {});
      const res = await send(server.url, method, c.path ?? '/predict', headers, c.body);
      expect(res.status).to.equal(c.status);
      expect(res.body).not.to.match(STACK_TRACE);
      if (method === 'HEAD') return; // a HEAD answer has headers only
      expect(res.headers['content-type']).to.match(/^application\/json/);
      const parsed = JSON.parse(res.body) as { error?: unknown; sentiment?: unknown };
      if (c.status >= 400) expect(parsed.error).to.be.a('string').and.not.equal('');
      else expect(parsed.error).to.equal(undefined);
    });
  }

  it('records each bad /predict request once, under a template or unmatched', async () => {
    const r = await getJson<RequestsReport>(`${server.url}/dashboard/requests?period=1h`);
    const sent = CASES.filter(
      (c) => !(c.path ?? '').startsWith('/dashboard') && c.path !== '/health',
    );
    expect(r.total).to.equal(sent.length);
    expect(Object.keys(r.by_endpoint).sort()).to.deep.equal(['/predict', 'unmatched']);
    expect(Object.keys(r.by_status).every((s) => Number(s) < 500)).to.equal(true);
  });

  it('leaves Object.prototype untouched after __proto__ and constructor bodies', () => {
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).to.equal(undefined);
    expect(Object.getOwnPropertyNames(Object.prototype)).not.to.include('polluted');
  });

  it('answers oversized headers with a JSON 431 and keeps serving', async () => {
    const res = await send(server.url, 'GET', '/health', { 'x-big': 'a'.repeat(20_000) });
    expect(res.status).to.equal(431);
    expect(JSON.parse(res.body)).to.deep.equal({ error: 'Request header fields too large' });
    expect((await send(server.url, 'GET', '/health')).status).to.equal(200);
  });

  it('answers a request line that is not HTTP with a JSON 400', async () => {
    const { hostname, port } = new URL(server.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => socket.end('GARBAGE\r\n\r\n'));
      let data = '';
      socket.on('data', (c: Buffer) => {
        data += c.toString();
      });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).to.match(/^HTTP\/1\.1 400 /);
    expect(raw.slice(raw.indexOf('\r\n\r\n') + 4)).to.equal('{"error":"Bad request"}');
  });

  it('sends an Allow header with a 405', async () => {
    const res = await send(server.url, 'GET', '/predict');
    expect(res.headers.allow).to.equal('POST');
  });
});
