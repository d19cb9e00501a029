import { type Attributes, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { expect } from 'chai';
import { type CallSpan, spanToCall } from '../../src/telemetry/spanToCall.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

/** What a test may set on a hand-built span. */
interface Parts {
  kind?: SpanKind;
  name?: string;
  status?: SpanStatusCode;
  traceId?: string;
  events?: CallSpan['events'];
}

/**
 * A hand-built finished span. Allowed here only because spanToCall is a
 * pure mapping; the end-to-end test uses the real SDK and instrumentations.
 */
function span(attributes: Attributes, parts: Parts = {}): CallSpan {
  return {
    kind: parts.kind ?? SpanKind.CLIENT,
    name: parts.name ?? 'call',
    attributes,
    endTime: [1_704_067_200, 250_000_000],
    duration: [0, 12_500_000],
    events: parts.events ?? [],
    status: { code: parts.status ?? SpanStatusCode.UNSET },
    spanContext: () => ({ traceId: parts.traceId ?? TRACE_ID, spanId: SPAN_ID }),
    resource: { attributes: { 'service.name': 'shop', 'service.instance.id': 'i-1' } },
  };
}

describe('spanToCall', () => {
  describe('kinds', () => {
    it('maps CLIENT and PRODUCER spans and nothing else', () => {
      const attrs = { 'http.request.method': 'GET', 'server.address': 'api', 'server.port': 80 };
      expect(spanToCall(span(attrs))).to.not.equal(undefined);
      for (const kind of [SpanKind.SERVER, SpanKind.INTERNAL, SpanKind.CONSUMER]) {
        expect(spanToCall(span(attrs, { kind }))).to.equal(undefined);
      }
      const sent = spanToCall(
        span(
          { 'messaging.system': 'kafka', 'messaging.destination.name': 'orders' },
          { kind: SpanKind.PRODUCER },
        ),
      );
      expect(sent).to.deep.include({
        kind: 'messaging',
        system: 'kafka',
        dependency: 'kafka orders',
        operation: 'publish',
      });
    });

    it('keeps times, ids and the identity of the resource', () => {
      const call = spanToCall(span({ 'http.request.method': 'GET', 'url.full': 'http://a:1/' }));
      expect(call).to.deep.include({
        timestampMs: 1_704_067_200_250,
        durationMs: 12.5,
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        service: 'shop',
        instance: 'i-1',
      });
      const invalid = spanToCall(
        span({ 'http.request.method': 'GET' }, { traceId: '0'.repeat(32) }),
      );
      expect(invalid?.traceId).to.equal('');
    });
  });

  describe('HTTP clients (http, fetch/undici)', () => {
    it('reads the new conventions (instrumentation-http, undici): host:port and method', () => {
      const call = spanToCall(
        span({
          'http.request.method': 'POST',
          'server.address': '127.0.0.1',
          'server.port': 4000,
          'url.full': 'http://127.0.0.1:4000/orders?token=secret',
          'http.response.status_code': 201,
        }),
      );
      expect(call).to.deep.include({
        kind: 'http',
        system: 'http',
        dependency: '127.0.0.1:4000',
        operation: 'POST',
        statusCode: 201,
        error: false,
      });
      expect(call?.statement).to.equal(undefined);
      expect(JSON.stringify(call)).to.not.include('secret').and.not.include('/orders');
    });

    it('reads the old conventions (http.method, net.peer.*, http.status_code)', () => {
      const call = spanToCall(
        span({
          'http.method': 'get',
          'net.peer.name': 'Downstream.Local',
          'net.peer.port': 8080,
          'http.url': 'http://downstream.local:8080/x?y=1',
          'http.status_code': 404,
        }),
      );
      expect(call).to.deep.include({
        dependency: 'downstream.local:8080',
        operation: 'GET',
        statusCode: 404,
        error: false,
      });
    });

    it('takes only the host and port of url.full, the scheme port when it names none', () => {
      const cases: [string, string][] = [
        ['https://user:pass@api.example.com/a/b?q=secret#frag', 'api.example.com:443'],
        ['http://api.example.com?x=1', 'api.example.com:80'],
        ['http://[::1]:9000/path', '[::1]:9000'],
      ];
      for (const [url, dependency] of cases) {
        const call = spanToCall(span({ 'http.request.method': 'GET', 'url.full': url }));
        expect(call?.dependency, url).to.equal(dependency);
        expect(JSON.stringify(call)).to.not.match(/secret|pass|frag|path/);
      }
    });

    it('is an error on a 5xx or without a response, named by error.type, the exception, or the status', () => {
      const five = spanToCall(
        span({
          'http.request.method': 'GET',
          'url.full': 'http://a:1/',
          'http.response.status_code': 503,
        }),
      );
      expect(five).to.deep.include({ error: true, errorType: 'HTTP 503', statusCode: 503 });
      const timeout = spanToCall(
        span(
          { 'http.request.method': 'GET', 'url.full': 'http://a:1/', 'error.type': 'TimeoutError' },
          { status: SpanStatusCode.ERROR },
        ),
      );
      expect(timeout).to.deep.include({ error: true, errorType: 'TimeoutError' });
      expect(timeout?.statusCode).to.equal(undefined);
      const refused = spanToCall(
        span(
          { 'http.method': 'GET', 'http.url': 'http://a:1/' },
          {
            status: SpanStatusCode.ERROR,
            events: [{ name: 'exception', attributes: { 'exception.type': 'ECONNREFUSED' } }],
          },
        ),
      );
      expect(refused).to.deep.include({ error: true, errorType: 'ECONNREFUSED' });
      const ok = spanToCall(
        span({
          'http.request.method': 'GET',
          'url.full': 'http://a:1/',
          'http.response.status_code': 200,
        }),
      );
      expect(ok?.error).to.equal(false);
      expect(ok?.errorType).to.equal(undefined);
    });

    it('names an unknown method _OTHER', () => {
      const call = spanToCall(span({ 'http.request.method': 'BREW', 'url.full': 'http://a:1/' }));
      expect(call?.operation).to.equal('_OTHER');
    });
  });

  describe('databases', () => {
    it('PostgreSQL, old conventions (instrumentation-pg): namespace, operation and table, the statement masked', () => {
      const call = spanToCall(
        span({
          'db.system': 'postgresql',
          'db.name': 'app',
          'db.statement': "SELECT id, name FROM users WHERE email = 'a@b.c' AND age > 42",
          'net.peer.name': 'localhost',
          'net.peer.port': 5432,
        }),
      );
      expect(call).to.deep.include({
        kind: 'database',
        system: 'postgresql',
        dependency: 'postgresql app',
        operation: 'SELECT users',
        error: false,
      });
      expect(call?.statement).to.equal('SELECT id, name FROM users WHERE email = ? AND age > ?');
      expect(JSON.stringify(call)).to.not.include('a@b.c').and.not.include('42');
    });

    it('PostgreSQL, new conventions: db.system.name, db.namespace, db.query.text, db.operation.name', () => {
      const call = spanToCall(
        span({
          'db.system.name': 'postgresql',
          'db.namespace': 'app',
          'db.query.text': 'UPDATE orders SET total = $1 WHERE id = $2',
          'db.operation.name': 'UPDATE',
          'server.address': 'db',
          'server.port': 5432,
        }),
      );
      expect(call).to.deep.include({
        dependency: 'postgresql app',
        operation: 'UPDATE orders',
        statement: 'UPDATE orders SET total = $1 WHERE id = $2',
      });
    });

    it('MySQL (instrumentation-mysql2), with db.sql.table; a failing one is an error', () => {
      const call = spanToCall(
        span(
          {
            'db.system': 'mysql',
            'db.name': 'shop',
            'db.statement': 'INSERT INTO items (a, b) VALUES (1, "x")',
            'db.sql.table': 'items',
          },
          {
            status: SpanStatusCode.ERROR,
            events: [{ name: 'exception', attributes: { 'exception.type': 'ER_DUP_ENTRY' } }],
          },
        ),
      );
      expect(call).to.deep.include({
        dependency: 'mysql shop',
        operation: 'INSERT items',
        error: true,
        errorType: 'ER_DUP_ENTRY',
      });
      expect(call?.statement).to.not.include('"x"');
    });

    it('a database without a namespace is named by its address', () => {
      const call = spanToCall(
        span({ 'db.system': 'postgresql', 'server.address': 'pg', 'server.port': 5432 }),
      );
      expect(call).to.deep.include({ dependency: 'postgresql pg:5432', operation: 'QUERY' });
    });

    it('MongoDB (instrumentation-mongodb): operation and collection', () => {
      const call = spanToCall(
        span({
          'db.system': 'mongodb',
          'db.name': 'shop',
          'db.mongodb.collection': 'users',
          'db.operation': 'find',
          'db.statement': '{"name":"alice"}',
          'net.peer.name': 'mongo',
          'net.peer.port': 27017,
        }),
      );
      expect(call).to.deep.include({
        kind: 'database',
        dependency: 'mongodb shop',
        operation: 'find users',
      });
      expect(JSON.stringify(call)).to.not.include('alice');
    });
  });

  describe('caches', () => {
    it('Redis (instrumentation-ioredis/redis): system and address, the command only', () => {
      const call = spanToCall(
        span(
          {
            'db.system': 'redis',
            'db.statement': 'set session:42 secret-value',
            'net.peer.name': '127.0.0.1',
            'net.peer.port': 6379,
          },
          { name: 'set' },
        ),
      );
      expect(call).to.deep.include({
        kind: 'cache',
        system: 'redis',
        dependency: 'redis 127.0.0.1:6379',
        operation: 'SET',
        statement: 'SET',
      });
      expect(JSON.stringify(call)).to.not.include('secret').and.not.include('session');
    });

    it('Redis, new conventions, and memcached', () => {
      const redis = spanToCall(
        span({
          'db.system.name': 'redis',
          'db.operation.name': 'GET',
          'server.address': 'cache',
          'server.port': 6379,
        }),
      );
      expect(redis).to.deep.include({ dependency: 'redis cache:6379', operation: 'GET' });
      const memcached = spanToCall(
        span({ 'db.system': 'memcached', 'db.operation': 'get' }, { name: 'memcached get' }),
      );
      expect(memcached).to.deep.include({
        kind: 'cache',
        dependency: 'memcached',
        operation: 'GET',
      });
    });
  });

  describe('other clients', () => {
    it('an RPC client by system and service; an unknown one by address', () => {
      const rpc = spanToCall(
        span({ 'rpc.system': 'grpc', 'rpc.service': 'Greeter', 'rpc.method': 'SayHello' }),
      );
      expect(rpc).to.deep.include({
        kind: 'other',
        system: 'grpc',
        dependency: 'grpc Greeter',
        operation: 'SayHello',
      });
      const bare = spanToCall(span({ 'server.address': 'x', 'server.port': 1 }));
      expect(bare).to.deep.include({ kind: 'other', dependency: 'x:1', operation: 'CALL' });
      const dns = spanToCall(span({}, { name: 'dns.lookup' }));
      expect(dns).to.deep.include({ kind: 'other', system: 'other', dependency: 'dns.lookup' });
      const path = spanToCall(span({}, { name: 'GET /users/42' }));
      expect(path?.dependency).to.equal('unknown');
    });
  });
});
