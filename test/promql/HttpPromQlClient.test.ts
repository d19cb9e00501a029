import type http from 'node:http';
import https from 'node:https';
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { EngineError, type EngineErrorCode } from '../../src/promql/EngineError.js';
import { HttpPromQlClient } from '../../src/promql/HttpPromQlClient.js';
import { prometheusEngineSettingsOf } from '../../src/promql/PrometheusEngineSettings.js';
import { listen, listening, type RunningServer } from '../support/listen.js';
import { type SelfSignedCert, selfSignedCert } from '../support/selfSignedCert.js';

const TOKEN = 'engine-token-never-shown';
const PASSWORD = 'engine-password-never-shown';

function clientOf(url: string, env: Record<string, string> = {}): HttpPromQlClient {
  const settings = prometheusEngineSettingsOf({
    GOLDEN_SIGNALS_PROMETHEUS_URL: url,
    GOLDEN_SIGNALS_PROMETHEUS_TIMEOUT_MS: '400',
    GOLDEN_SIGNALS_PROMETHEUS_MAX_RESPONSE_BYTES: '65536',
    ...env,
  });
  if (settings === undefined) throw new Error('no settings');
  return new HttpPromQlClient(settings);
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const VECTOR = {
  status: 'success',
  data: { resultType: 'vector', result: [{ metric: { job: 'a' }, value: [1700000000, '3'] }] },
};

/** The rejection of `promise`: an EngineError, or a failed assertion. */
async function engineErrorOf(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(EngineError);
    return err as EngineError;
  }
  expect.fail('the question should have failed');
}

/** One misbehaving engine: how it answers, and the code and status we must give. */
interface HostileCase {
  readonly name: string;
  readonly handler: http.RequestListener;
  readonly code: EngineErrorCode;
  readonly status: number;
  readonly env?: Record<string, string>;
}

const trickle: http.RequestListener = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"status":"success","data":');
  const timer = setInterval(() => res.write(' '), 50);
  res.on('close', () => clearInterval(timer));
};

const CATALOGUE: readonly HostileCase[] = [
  {
    name: 'hangs forever without answering',
    handler: () => {},
    code: 'engine_timeout',
    status: 504,
  },
  {
    name: 'trickles its answer past the deadline',
    handler: trickle,
    code: 'engine_timeout',
    status: 504,
  },
  {
    name: 'fails with 500',
    handler: (_q, r) => r.writeHead(500).end('boom'),
    code: 'engine_error',
    status: 502,
  },
  {
    name: 'fails with 502 from a proxy, HTML',
    handler: (_q, r) =>
      r.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>'),
    code: 'engine_error',
    status: 502,
  },
  {
    name: 'answers an HTML page with 200 (a UI, a login page)',
    handler: (_q, r) =>
      r
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><title>Grafana</title>'),
    code: 'engine_bad_answer',
    status: 502,
  },
  {
    name: 'answers JSON of another shape',
    handler: (_q, r) => json(r, 200, { hello: 'world' }),
    code: 'engine_bad_answer',
    status: 502,
  },
  {
    name: 'answers a JSON array',
    handler: (_q, r) => json(r, 200, [1, 2]),
    code: 'engine_bad_answer',
    status: 502,
  },
  {
    name: 'answers a result of the wrong type',
    handler: (_q, r) =>
      json(r, 200, { status: 'success', data: { resultType: 'string', result: [1, 'x'] } }),
    code: 'engine_bad_answer',
    status: 502,
  },
  {
    name: 'answers non-numeric values',
    handler: (_q, r) =>
      json(r, 200, {
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: {}, value: [1, 'lots'] }] },
      }),
    code: 'engine_bad_answer',
    status: 502,
  },
  {
    name: 'answers a label that is not a string',
    handler: (_q, r) =>
      json(r, 200, {
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: { job: 3 }, value: [1, '1'] }] },
      }),
    code: 'engine_bad_answer',
    status: 502,
  },
  {
    name: 'refuses the query as bad data (status: error)',
    handler: (_q, r) =>
      json(r, 400, { status: 'error', errorType: 'bad_data', error: 'parse error' }),
    code: 'engine_query_error',
    status: 422,
  },
  {
    name: 'cannot execute the query (status: error)',
    handler: (_q, r) =>
      json(r, 422, { status: 'error', errorType: 'execution', error: 'too many samples' }),
    code: 'engine_query_error',
    status: 502,
  },
  {
    name: 'times the query out itself (errorType timeout)',
    handler: (_q, r) =>
      json(r, 503, { status: 'error', errorType: 'timeout', error: 'query timed out' }),
    code: 'engine_timeout',
    status: 504,
  },
  {
    name: 'sends a huge answer past the limit',
    handler: (_q, r) => {
      r.writeHead(200, { 'content-type': 'application/json' });
      r.end(`{"status":"success","data":"${'x'.repeat(1 << 20)}"}`);
    },
    code: 'engine_too_large',
    status: 502,
  },
  {
    name: 'declares a huge Content-Length',
    handler: (_q, r) => {
      r.writeHead(200, { 'content-length': String(1 << 30) });
      r.write('{');
    },
    code: 'engine_too_large',
    status: 502,
  },
  {
    name: 'sends a gzip bomb',
    handler: (_q, r) =>
      r.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(8 << 20, 32))),
    code: 'engine_too_large',
    status: 502,
  },
  {
    name: 'sends corrupt gzip',
    handler: (_q, r) => r.writeHead(200, { 'content-encoding': 'gzip' }).end('not gzip at all'),
    code: 'engine_bad_answer',
    status: 502,
  },
  {
    name: 'refuses the credentials with 401',
    handler: (_q, r) => r.writeHead(401, { 'www-authenticate': 'Bearer' }).end(),
    code: 'engine_auth',
    status: 502,
    env: { GOLDEN_SIGNALS_PROMETHEUS_BEARER_TOKEN: TOKEN },
  },
  {
    name: 'forbids with 403',
    handler: (_q, r) => r.writeHead(403).end('forbidden'),
    code: 'engine_auth',
    status: 502,
    env: { GOLDEN_SIGNALS_PROMETHEUS_USERNAME: 'u', GOLDEN_SIGNALS_PROMETHEUS_PASSWORD: PASSWORD },
  },
  {
    name: 'has no API at this path (404)',
    handler: (_q, r) => r.writeHead(404).end('404 page not found'),
    code: 'engine_not_found',
    status: 502,
  },
  {
    name: 'closes the connection mid-answer',
    handler: (_q, r) => {
      r.writeHead(200, { 'content-length': '1000' });
      r.write('{"status"', () => r.socket?.destroy());
    },
    code: 'engine_unreachable',
    status: 503,
  },
  {
    name: 'resets the connection before answering',
    handler: (q) => q.socket.destroy(),
    code: 'engine_unreachable',
    status: 503,
  },
  {
    name: 'rate-limits with 429',
    handler: (_q, r) => r.writeHead(429).end('slow down'),
    code: 'engine_error',
    status: 502,
  },
];

describe('HttpPromQlClient', () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  before(() => process.on('unhandledRejection', record));
  after(() => {
    process.off('unhandledRejection', record);
    expect(unhandled).to.deep.equal([]);
  });

  describe('a hostile engine', () => {
    it('with nothing listening: engine_unreachable, 503', async () => {
      const server = await listen(() => {});
      await server.close();
      const client = clientOf(server.url);
      const err = await engineErrorOf(client.instant('up', Date.now()));
      expect([err.code, err.status]).to.deep.equal(['engine_unreachable', 503]);
      expect(err.message).to.include('GOLDEN_SIGNALS_PROMETHEUS_URL');
      client.close();
    });

    it('at a host name that does not resolve: engine_unreachable, 503', async () => {
      const client = clientOf('http://no-such-engine.invalid:9090');
      const err = await engineErrorOf(client.instant('up', Date.now()));
      expect([err.code, err.status]).to.deep.equal(['engine_unreachable', 503]);
      client.close();
    });

    for (const c of CATALOGUE) {
      it(`that ${c.name}: ${c.code}, ${c.status}`, async () => {
        const server = await listen(c.handler);
        const client = clientOf(server.url, c.env);
        try {
          for (const ask of [
            () => client.instant('up', Date.now()),
            () => client.rawSamples('up', Date.now(), 60_000),
          ]) {
            const err = await engineErrorOf(ask());
            expect({ code: err.code, status: err.status }).to.deep.equal({
              code: c.code,
              status: c.status,
            });
            expect(err.message.length).to.be.below(600);
            expect(JSON.stringify(err)).not.to.match(/never-shown/);
            expect(err.message).not.to.match(/never-shown/);
          }
        } finally {
          client.close();
          await server.close();
        }
      });
    }

    it('quotes the engine error text bounded, on one line', async () => {
      const server = await listen((_q, r) =>
        json(r, 400, { status: 'error', errorType: 'bad_data', error: `bad\n${'y'.repeat(5000)}` }),
      );
      const client = clientOf(server.url);
      const err = await engineErrorOf(client.instant('up', Date.now()));
      expect(err.message).to.match(
        /^The engine at http:\/\/127\.0\.0\.1:\d+ refused the query \(bad_data: bad y+…\)$/,
      );
      expect(err.engineErrorType).to.equal('bad_data');
      expect(err.toJSON()).to.deep.equal({ error: err.message, code: 'engine_query_error' });
      client.close();
      await server.close();
    });

    it('keeps answering after a failure', async () => {
      let calls = 0;
      const server = await listen((_q, r) =>
        ++calls === 1 ? r.writeHead(500).end() : json(r, 200, VECTOR),
      );
      const client = clientOf(server.url);
      await engineErrorOf(client.instant('up', Date.now()));
      expect(await client.instant('up', Date.now())).to.deep.equal([
        { metric: { job: 'a' }, value: 3 },
      ]);
      client.close();
      await server.close();
    });
  });

  describe('credentials', () => {
    let seen: (string | undefined)[] = [];
    let server: RunningServer;
    before(async () => {
      server = await listen((q, r) => {
        seen.push(q.headers.authorization);
        json(r, 200, VECTOR);
      });
    });
    after(() => server.close());
    beforeEach(() => {
      seen = [];
    });

    it('sends the bearer token', async () => {
      const client = clientOf(server.url, { GOLDEN_SIGNALS_PROMETHEUS_BEARER_TOKEN: TOKEN });
      await client.instant('up', Date.now());
      expect(seen).to.deep.equal([`Bearer ${TOKEN}`]);
      expect(inspect(client, { depth: 20 })).not.to.include(TOKEN);
      expect(JSON.stringify(client)).not.to.include(TOKEN);
      client.close();
    });

    it('sends basic auth', async () => {
      const client = clientOf(server.url, {
        GOLDEN_SIGNALS_PROMETHEUS_USERNAME: 'reader',
        GOLDEN_SIGNALS_PROMETHEUS_PASSWORD: PASSWORD,
      });
      await client.instant('up', Date.now());
      expect(seen).to.deep.equal([`Basic ${Buffer.from(`reader:${PASSWORD}`).toString('base64')}`]);
      client.close();
    });

    it('sends none when none is set', async () => {
      const client = clientOf(server.url);
      await client.instant('up', Date.now());
      expect(seen).to.deep.equal([undefined]);
      client.close();
    });
  });

  describe('TLS', () => {
    let cert: SelfSignedCert;
    let server: RunningServer;
    let url: string;
    before(async () => {
      cert = await selfSignedCert();
      server = await listening(
        https.createServer({ cert: cert.cert, key: cert.key }, (_q, r) => json(r, 200, VECTOR)),
      );
      url = server.url.replace('http:', 'https:');
    });
    after(async () => {
      await server.close();
      await cert.remove();
    });

    it('refuses a self-signed certificate without its CA: engine_tls, 502', async () => {
      const client = clientOf(url);
      const err = await engineErrorOf(client.instant('up', Date.now()));
      expect([err.code, err.status]).to.deep.equal(['engine_tls', 502]);
      expect(err.message).to.include('GOLDEN_SIGNALS_PROMETHEUS_CA_FILE');
      client.close();
    });

    it('trusts it with GOLDEN_SIGNALS_PROMETHEUS_CA_FILE', async () => {
      const client = clientOf(url, { GOLDEN_SIGNALS_PROMETHEUS_CA_FILE: cert.certFile });
      expect(await client.instant('up', Date.now())).to.deep.equal([
        { metric: { job: 'a' }, value: 3 },
      ]);
      client.close();
    });

    it('accepts it with GOLDEN_SIGNALS_PROMETHEUS_TLS_INSECURE', async () => {
      const client = clientOf(url, { GOLDEN_SIGNALS_PROMETHEUS_TLS_INSECURE: 'true' });
      expect(await client.instant('up', Date.now())).to.have.length(1);
      client.close();
    });

    it('speaking https to a plain http engine fails as TLS', async () => {
      const plain = await listen((_q, r) => json(r, 200, VECTOR));
      const client = clientOf(plain.url.replace('http:', 'https:'));
      const err = await engineErrorOf(client.instant('up', Date.now()));
      expect(err.code).to.equal('engine_tls');
      client.close();
      await plain.close();
    });

    it('names the CA file it cannot read', () => {
      expect(() =>
        clientOf(url, { GOLDEN_SIGNALS_PROMETHEUS_CA_FILE: '/nonexistent/ca.pem' }),
      ).to.throw(/GOLDEN_SIGNALS_PROMETHEUS_CA_FILE cannot be read/);
    });
  });
  describe('a good engine', () => {
    const asked: { method: string; path: string; params: URLSearchParams }[] = [];
    let server: RunningServer;
    before(async () => {
      server = await listen((q, r) => {
        let body = '';
        q.on('data', (c: Buffer) => {
          body += c.toString();
        });
        q.on('end', () => {
          const url = new URL(q.url ?? '/', 'http://x');
          const params = q.method === 'POST' ? new URLSearchParams(body) : url.searchParams;
          asked.push({ method: q.method ?? '', path: url.pathname, params });
          if (url.pathname === '/prefix/api/v1/series') {
            json(r, 200, { status: 'success', data: [{ __name__: 'up', job: 'a' }] });
          } else if (url.pathname === '/prefix/api/v1/query_range') {
            json(r, 200, {
              status: 'success',
              data: {
                resultType: 'matrix',
                result: [
                  {
                    metric: { job: 'a' },
                    values: [
                      [10, '1'],
                      [20, '+Inf'],
                    ],
                  },
                ],
              },
            });
          } else if (params.get('query')?.endsWith(']')) {
            json(r, 200, MATRIX);
          } else {
            json(r, 200, {
              status: 'success',
              data: {
                resultType: 'vector',
                result: [{ metric: { job: 'h' }, histogram: [100, HISTOGRAM] }],
              },
            });
          }
        });
      });
    });
    after(() => server.close());
    beforeEach(() => {
      asked.length = 0;
    });

    const HISTOGRAM = {
      count: '3',
      sum: '0.5',
      buckets: [
        [0, '0.1', '0.2', '2'],
        [3, '-0.001', '0.001', '1'],
      ],
    };
    const MATRIX = {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: { job: 'c' },
            values: [
              [40, '1'],
              [41.5, '2'],
              [100, '7'],
            ],
          },
          {
            metric: { job: 'h' },
            histograms: [
              [40, HISTOGRAM],
              [70.25, HISTOGRAM],
            ],
          },
        ],
      },
    };

    it('asks a range selector at a time, and keeps (at - range, at] only', async () => {
      const client = clientOf(`${server.url}/prefix/`);
      const series = await client.rawSamples('up{job="c"}', 100_000, 60_000);
      expect(asked[0]?.method).to.equal('GET');
      expect(asked[0]?.path).to.equal('/prefix/api/v1/query');
      expect(asked[0]?.params.get('query')).to.equal('up{job="c"}[60000ms]');
      expect(asked[0]?.params.get('time')).to.equal('100.000');
      expect(series).to.deep.equal([
        {
          metric: { job: 'c' },
          samples: [
            { t: 41_500, v: 2 },
            { t: 100_000, v: 7 },
          ],
          histograms: [],
        },
        {
          metric: { job: 'h' },
          samples: [],
          histograms: [
            {
              t: 70_250,
              count: 3,
              sum: 0.5,
              buckets: [
                { boundaryRule: 0, lower: 0.1, upper: 0.2, count: 2 },
                { boundaryRule: 3, lower: -0.001, upper: 0.001, count: 1 },
              ],
            },
          ],
        },
      ]);
      client.close();
    });

    it('reads a native histogram instant value, and range points with +Inf', async () => {
      const client = clientOf(`${server.url}/prefix`);
      const [h] = await client.instant('sum(x)', 100_000);
      expect(h?.value).to.be.NaN;
      expect(h?.histogram?.count).to.equal(3);
      const range = await client.range('up', 0, 20_000, 10_000);
      expect(range).to.deep.equal([
        {
          metric: { job: 'a' },
          points: [
            { t: 10_000, v: 1 },
            { t: 20_000, v: Number.POSITIVE_INFINITY },
          ],
        },
      ]);
      expect(asked[1]?.params.get('step')).to.equal('10.000');
      expect(await client.series('up', 0, 1000)).to.deep.equal([{ __name__: 'up', job: 'a' }]);
      expect(asked[2]?.params.getAll('match[]')).to.deep.equal(['up']);
      client.close();
    });

    it('sends a long query as a POST form', async () => {
      const client = clientOf(`${server.url}/prefix`);
      const long = `sum(x{route=~"${'a|'.repeat(3000)}b"})`;
      await client.instant(long, 100_000);
      expect(asked[0]?.method).to.equal('POST');
      expect(asked[0]?.params.get('query')).to.equal(long);
      client.close();
    });
  });
});
