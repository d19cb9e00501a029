import { expect } from 'chai';
import type { SlowCallReport, SlowCallsReport } from '../../src/index.js';
import { type DependencyApp, startDependencyApp } from '../support/dependencyApp.js';

interface Answer {
  status: number;
  text: string;
}

describe('slowCallsAnswer: GET /dashboard/dependencies/slowest', function () {
  this.timeout(60_000);
  let app: DependencyApp;
  let reportTrace = '';
  const answers: Answer[] = [];

  const get = async (path: string): Promise<Answer> => {
    const res = await fetch(`${app.url}${path}`);
    const answer = { status: res.status, text: await res.text() };
    answers.push(answer);
    return answer;
  };
  const slowest = async (query: string): Promise<SlowCallsReport> => {
    const { status, text } = await get(`/dashboard/dependencies/slowest${query}`);
    expect(status, text).to.equal(200);
    return JSON.parse(text) as SlowCallsReport;
  };

  before(async () => {
    app = await startDependencyApp();
    for (let i = 0; i < 5; i++) await app.get(`/orders/${i}`);
    reportTrace = (await app.get('/report')).traceId;
    await app.get('/report');
    await app.get('/items');
    await app.get('/quiet');
  });
  after(() => app?.close());

  it('lists the slowest calls of every dependency, the pg_sleep first, normalised, with its trace', async () => {
    const report = await slowest('?period=1h');
    expect(report).to.include({ period: '1h', dependency: null, operation: null, limit: 20 });
    expect(report.exact_until).to.equal(report.since);
    expect(report.exact_limit).to.equal(20);
    expect(report.lists).to.include({ limit: 5_000, dropped_calls: 0 });
    // Two dependencies with a list each, and one per operation.
    expect(report.lists.lists).to.be.above(2);
    expect(report.calls).to.have.length(20);
    const [first] = report.calls as [SlowCallReport & { trace_held: boolean }];
    expect(first).to.include({
      dependency: 'postgresql app',
      kind: 'database',
      system: 'postgresql',
      statement: 'SELECT pg_sleep(?), ?',
      error: false,
      error_type: null,
      status_code: null,
      trace_held: true,
    });
    expect([reportTrace, first.trace_id]).to.include(first.trace_id);
    expect(first.span_id).to.match(/^[0-9a-f]{16}$/);
    const durations = report.calls.map((c) => c.duration_ms);
    expect(durations).to.deep.equal([...durations].sort((a, b) => b - a));
  });

  it('narrows to one dependency, then one operation; HTTP calls carry their status and error', async () => {
    // 5 × 3 + 2 × 2 + 12 queries, of which the top 20 are held in a minute.
    const db = await slowest('?dependency=postgresql%20app&limit=100');
    expect(db.calls).to.have.length(20);
    expect(db.calls.every((c) => c.dependency === 'postgresql app')).to.equal(true);
    const failing = await slowest('?dependency=postgresql%20app&operation=SELECT%20missing');
    expect(failing.calls.map((c) => [c.statement, c.error_type])).to.deep.equal([
      ['SELECT * FROM missing WHERE code = ?', 'DatabaseError'],
      ['SELECT * FROM missing WHERE code = ?', 'DatabaseError'],
    ]);
    const [http] = (await slowest('?limit=100')).calls.filter((c) => c.kind === 'http');
    const downstream = (http as SlowCallReport).dependency;
    const calls = (await slowest(`?dependency=${encodeURIComponent(downstream)}&limit=100`)).calls;
    expect(calls).to.have.length(7);
    expect(
      calls.filter((c) => c.status_code === 500 && c.error && c.error_type === 'HTTP 500'),
    ).to.have.length(2);
    expect(calls.every((c) => c.statement === null && c.operation === 'GET')).to.equal(true);
    const items = await slowest('?dependency=postgresql%20app&operation=SELECT%20items&limit=100');
    expect(items.operation).to.equal('SELECT items');
    expect(items.calls.map((c) => c.statement)).to.deep.equal(
      Array.from({ length: 12 }, () => 'SELECT id, price FROM items WHERE id = ?'),
    );
  });

  it('answers 404 JSON for a dependency it holds no call of, also for another service', async () => {
    for (const query of ['?dependency=nowhere', '?dependency=postgresql%20app&service=other']) {
      const { status, text } = await get(`/dashboard/dependencies/slowest${query}`);
      expect(status).to.equal(404);
      expect(JSON.parse(text))
        .to.have.property('error')
        .that.matches(/no call to dependency/);
    }
    expect((await slowest('?dependency=postgresql%20app&operation=DROP')).calls).to.deep.equal([]);
  });

  it('answers 400 JSON for a bad limit, dependency or operation', async () => {
    for (const query of [
      '?limit=0',
      '?limit=101',
      '?limit=abc',
      '?limit=5&limit=6',
      '?dependency=a&dependency=b',
      '?dependency=%0Aa',
      `?operation=${'x'.repeat(513)}`,
    ]) {
      const { status, text } = await get(`/dashboard/dependencies/slowest${query}`);
      expect(status, query).to.equal(400);
      expect(JSON.parse(text), query).to.have.property('error').that.is.a('string');
    }
  });

  it('serves no literal of any statement, in this answer or any other', async () => {
    const report = await slowest('?limit=100');
    const paths = [
      '/dashboard/dependencies?period=1h',
      '/dashboard/dependencies?endpoint=/items',
      '/dashboard/latency?endpoint=/orders/:id',
      '/dashboard/traces?limit=100',
      '/dashboard/errors',
      '/dashboard/overview',
      '/dashboard/slowest?limit=100',
      '/metrics',
      ...report.calls.map((c) => `/dashboard/traces/${c.trace_id}`),
    ];
    for (const path of paths) await get(path);
    expect(app.literals).to.have.length(36);
    for (const answer of answers) {
      for (const literal of app.literals) expect(answer.text).not.to.include(literal);
    }
    const traced = answers.filter((a) => a.text.includes('"db.statement"'));
    expect(traced.length, 'a trace view shows the masked statements').to.be.above(0);
  });
});
