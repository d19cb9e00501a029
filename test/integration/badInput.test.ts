import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import type { RequestsReport } from '../../src/dashboard/queries/requestsQuery.js';
import { getJson, type RunningServer, startTestApp } from '../support/testApp.js';

interface RawResponse {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A raw request with node:http, so headers and bodies can be malformed on purpose. */
function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            headers: res.headers,
          }),
        );
      },
    );
    // The server may answer (413) and close before the whole body is sent.
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

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
  { name: 'unknown path', method: 'GET', path: '/does-not-exist', status: 404 },
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
    server = await startTestApp();
  });
  after(() => server.close());

  for (const c of CASES) {
    it(`answers ${c.status} with a JSON error for ${c.name}`, async () => {
      const method = c.method ?? 'POST';
      const headers = c.headers ?? (method === 'POST' ? JSON_HEADERS : {});
      const res = await send(server.url, method, c.path ?? '/predict', headers, c.body);
      expect(res.status).to.equal(c.status);
      expect(res.headers['content-type']).to.match(/^application\/json/);
      const parsed = JSON.parse(res.body) as { error?: unknown };
      expect(parsed.error).to.be.a('string').and.not.equal('');
      expect(res.body).not.to.match(STACK_TRACE);
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

  it('sends an Allow header with a 405', async () => {
    const res = await send(server.url, 'GET', '/predict');
    expect(res.headers.allow).to.equal('POST');
  });
});
