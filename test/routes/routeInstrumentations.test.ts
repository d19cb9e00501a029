import { SpanStatusCode } from '@opentelemetry/api';
import { expect } from 'chai';
import { ChildApp } from './childApp.js';

interface Case {
  name: string;
  method?: string;
  path: string;
  status: number;
  route?: string;
  errorType?: string;
}

/** The cases every framework fixture must pass; `wildcard` is each framework's own syntax. */
function cases(
  wildcard: string,
  options: {
    asyncErrors: boolean;
    wrongMethod: number;
    errorObjectStatus?: number;
    notFoundType?: string;
    braces?: boolean;
  },
): Case[] {
  const errorObjectStatus = options.errorObjectStatus ?? 422;
  // The framework's own 404 error, where it throws one (NestJS, Hapi), is typed too.
  const notFound = options.notFoundType === undefined ? {} : { errorType: options.notFoundType };
  const all: Case[] = [
    {
      name: 'a parameterised route in nested, prefixed routers',
      path: '/api/users/7',
      status: 200,
      route: '/api/users/:id',
    },
    { name: 'a wildcard route', path: '/files/a/b.txt', status: 200, route: wildcard },
    { name: 'an unknown path', path: '/nope', status: 404, ...notFound },
    { name: 'an unknown path under a mount', path: '/api/users/7/nope', status: 404, ...notFound },
    {
      // A 405 names a route that exists (Koa's allowedMethods); a 404 (Express, Fastify) none.
      name: 'a wrong method',
      method: 'DELETE',
      path: '/api/users/7',
      status: options.wrongMethod,
      ...(options.wrongMethod === 405 ? { route: '/api/users/:id' } : notFound),
    },
    {
      name: 'a thrown error, to the default handler',
      path: '/api/users/7/fail',
      status: 500,
      route: '/api/users/:id/fail',
      errorType: 'ValidationError',
    },
    {
      // NestJS, Hono and Hapi take no status from a plain Error: a 500, of the same class.
      name: errorObjectStatus === 422 ? 'a 4xx error object' : 'an error object with a status',
      path: '/api/users/7/unprocessable',
      status: errorObjectStatus,
      route: '/api/users/:id/unprocessable',
      errorType: 'UnprocessableError',
    },
  ];
  if (options.asyncErrors) {
    all.push({
      name: 'a rejected promise',
      path: '/api/users/7/reject',
      status: 500,
      route: '/api/users/:id/reject',
      errorType: 'ValidationError',
    });
  }
  // Hapi names parameters in its own syntax: `/api/users/{id}`.
  if (options.braces === true)
    return all.map((c) =>
      c.route === undefined ? c : { ...c, route: c.route.replace(/:(\w+)/g, '{$1}') },
    );
  return all;
}

interface Fixture {
  file: string;
  wildcard: string;
  asyncErrors: boolean;
  wrongMethod: number;
  errorObjectStatus?: number;
  notFoundType?: string;
  braces?: boolean;
  env?: Record<string, string>;
  /** Shown beside the file name. */
  label?: string;
}

const FIXTURES: Fixture[] = [
  { file: 'koa.cjs', wildcard: '/files/{*rest}', asyncErrors: true, wrongMethod: 405 },
  { file: 'koa.mjs', wildcard: '/files/{*rest}', asyncErrors: true, wrongMethod: 405 },
  { file: 'express5.cjs', wildcard: '/files/*rest', asyncErrors: true, wrongMethod: 404 },
  { file: 'express5.mjs', wildcard: '/files/*rest', asyncErrors: true, wrongMethod: 404 },
  // Express 4 does not catch rejected promises: they never reach an error handler.
  { file: 'express4.cjs', wildcard: '/files/*', asyncErrors: false, wrongMethod: 404 },
  { file: 'express4.mjs', wildcard: '/files/*', asyncErrors: false, wrongMethod: 404 },
  { file: 'fastify.cjs', wildcard: '/files/*', asyncErrors: true, wrongMethod: 404 },
  { file: 'fastify.mjs', wildcard: '/files/*', asyncErrors: true, wrongMethod: 404 },
  // Fastify 4: the same hooks, from its `fastify.initialization` channel (it has no handler channel).
  { file: 'fastify4.cjs', wildcard: '/files/*', asyncErrors: true, wrongMethod: 404 },
  ...(['hono.mjs', 'hono.cjs'] as const).map((file) => ({
    file,
    wildcard: '/files/*',
    asyncErrors: true,
    wrongMethod: 404,
    errorObjectStatus: 500,
  })),
  ...(['hapi.mjs', 'hapi.cjs'] as const).map((file) => ({
    file,
    wildcard: '/files/{rest*}',
    asyncErrors: true,
    wrongMethod: 404,
    errorObjectStatus: 500,
    notFoundType: 'Boom.notFound',
    braces: true,
  })),
  {
    file: 'nest.mjs',
    label: 'on Express',
    wildcard: '/files/*rest',
    asyncErrors: true,
    wrongMethod: 404,
    errorObjectStatus: 500,
    notFoundType: 'NotFoundException',
  },
  {
    file: 'nest.mjs',
    label: 'on Fastify',
    env: { NEST_ADAPTER: 'fastify' },
    wildcard: '/files/*',
    asyncErrors: true,
    wrongMethod: 404,
    errorObjectStatus: 500,
    notFoundType: 'NotFoundException',
  },
];

describe('routeInstrumentations', () => {
  for (const fixture of FIXTURES) {
    describe(
      fixture.label === undefined ? fixture.file : `${fixture.file} ${fixture.label}`,
      () => {
        let app: ChildApp;
        const list = cases(fixture.wildcard, fixture);
        before(async () => {
          app = await ChildApp.start(fixture.file, fixture.env);
        });
        after(async () => {
          await app?.stop();
        });

        list.forEach((c, i) => {
          it(`${c.name}: ${c.method ?? 'GET'} ${c.path} → ${c.route ?? 'no http.route'}`, async () => {
            const path = `${c.path}?case=${i}`;
            const res = await fetch(app.base + path, { method: c.method ?? 'GET' });
            await res.arrayBuffer();
            expect(res.status).to.equal(c.status);
            const span = await app.spanOf(path);
            expect(span.status).to.equal(c.status);
            expect(span.route).to.equal(c.route);
            // The span's error.type is the class the hook recorded, except on a 5xx with
            // instrumentation-http 0.30x: it writes the status code there as the response
            // ends, as the semantic conventions ask. The dashboard records the class either way.
            if (c.errorType !== undefined && c.status >= 500)
              expect(span.errorType).to.be.oneOf([c.errorType, String(c.status)]);
            else expect(span.errorType).to.equal(c.errorType);
            expect(span.recordedType).to.equal(c.errorType);
            if (c.errorType !== undefined) expect(span.exceptionTypes).to.deep.equal([c.errorType]);
            else expect(span.exceptionTypes).to.deep.equal([]);
            expect(span.spanStatus).to.equal(
              c.status >= 500 ? SpanStatusCode.ERROR : SpanStatusCode.UNSET,
            );
          });
        });

        it('makes exactly one server span per request', async () => {
          const spans = await app.spans();
          for (let i = 0; i < list.length; i++) {
            const path = `${list[i]?.path}?case=${i}`;
            expect(
              spans.filter((s) => s.path === path),
              path,
            ).to.have.length(1);
          }
          expect(spans).to.have.length(list.length);
        });
      },
    );
  }
});
