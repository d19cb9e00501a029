/**
 * Measures what redaction costs per held span (reported, never asserted):
 * `npm run build --silent && node dist/scripts/redactionCost.js`.
 */
import type { Attributes } from '@opentelemetry/api';
import { redactAttributes } from '../src/privacy/redactAttributes.js';
import { redactUrl } from '../src/privacy/redactUrl.js';

const ROUNDS = 1_000_000;

const plain: Attributes = {
  'http.request.method': 'GET',
  'url.scheme': 'http',
  'url.path': '/users/42',
  'server.address': '127.0.0.1',
  'server.port': 8000,
  'http.response.status_code': 200,
  'http.route': '/users/:id',
};
const withQuery: Attributes = { ...plain, 'url.query': 'q=shoes&page=2&sort=price' };
const withSecret: Attributes = {
  ...plain,
  'url.query': 'token=s3cr3t&password=hunter2&api_key=k&user=bob',
};
const client: Attributes = {
  'http.request.method': 'GET',
  'url.full': 'http://alice:pw@api.example.com/v1/items?token=s3cr3t&page=2',
};

function nsPer(name: string, run: () => unknown, rounds = ROUNDS): void {
  for (let i = 0; i < rounds / 20; i++) run();
  const start = process.hrtime.bigint();
  let sink = 0;
  for (let i = 0; i < rounds; i++) if (run() !== undefined) sink++;
  const ns = Number(process.hrtime.bigint() - start) / rounds;
  console.log(`${name.padEnd(46)} ${ns.toFixed(0).padStart(6)} ns${sink === 0 ? ' ' : ''}`);
}

nsPer('redactAttributes: no URL attribute with ?/@', () => redactAttributes(plain, 'sensitive'));
nsPer('redactAttributes: url.query, nothing secret', () =>
  redactAttributes(withQuery, 'sensitive'),
);
nsPer('redactAttributes: url.query, 3 secrets', () => redactAttributes(withSecret, 'sensitive'));
nsPer('redactAttributes: url.full, userinfo + token', () => redactAttributes(client, 'sensitive'));
nsPer(
  'redactUrl: 4 KiB query (cut to 1 KiB first)',
  () => redactUrl(`/?${'a=b&'.repeat(1_024)}`, 'sensitive'),
  2_000,
);
