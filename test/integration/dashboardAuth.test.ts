import { expect } from 'chai';
import { postJson, type RunningServer, startTestApp } from '../support/testApp.js';

const TOKEN = 'correct-horse-battery-staple';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('dashboard authentication (GOLDEN_SIGNALS_DASHBOARD_TOKEN)', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestApp({}, { dashboardToken: TOKEN });
  });
  after(() => server.close());

  const denied: [string, Record<string, string>][] = [
    ['no Authorization header', {}],
    ['a wrong Bearer token', { authorization: 'Bearer not-the-token-at-all' }],
    ['a Bearer token with one character off', { authorization: `Bearer ${TOKEN.slice(0, -1)}x` }],
    ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, 8)}` }],
    ['a wrong Basic password', { authorization: basic('admin', 'guess') }],
    ['the token as the Basic user name', { authorization: basic(TOKEN, '') }],
    ['an unknown scheme', { authorization: `Token ${TOKEN}` }],
    ['garbage', { authorization: '!!!' }],
  ];
  for (const path of ['/dashboard/overview', '/dashboard/requests?period=1h', '/metrics']) {
    for (const [name, headers] of denied) {
      it(`answers 401 for ${path} with ${name}`, async () => {
        const res = await fetch(`${server.url}${path}`, { headers });
        expect(res.status).to.equal(401);
        expect(res.headers.get('www-authenticate')).to.match(/^Basic realm="golden-signals"/);
        const body = (await res.json()) as { error: string };
        expect(body.error).to.be.a('string').and.not.contain(TOKEN);
      });
    }
  }

  it('serves the dashboard with the right Bearer token', async () => {
    const res = await fetch(`${server.url}/dashboard/overview`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).to.equal(200);
    expect(await res.json()).to.have.property('total_requests');
  });

  it('serves the dashboard with the token as the Basic password, any user', async () => {
    const res = await fetch(`${server.url}/dashboard/errors`, {
      headers: { authorization: basic('anyone', TOKEN) },
    });
    expect(res.status).to.equal(200);
  });

  it('leaves /predict and /health* open', async () => {
    expect((await postJson(`${server.url}/predict`, { text: 'fine' })).status).to.equal(200);
    expect((await fetch(`${server.url}/health`)).status).to.equal(200);
    expect((await fetch(`${server.url}/health/ready`)).status).to.equal(200);
  });

  it('does not protect look-alike paths such as /dashboards', async () => {
    expect((await fetch(`${server.url}/dashboards`)).status).to.equal(404);
  });
});

describe('dashboard JSON headers', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestApp();
  });
  after(() => server.close());

  it('marks the JSON answers no-store and nosniff', async () => {
    for (const q of ['overview', 'requests', 'latency', 'errors', 'requests?period=bad']) {
      const res = await fetch(`${server.url}/dashboard/${q}`);
      await res.arrayBuffer();
      expect(res.headers.get('cache-control'), q).to.equal('no-store');
      expect(res.headers.get('x-content-type-options'), q).to.equal('nosniff');
    }
  });
});
