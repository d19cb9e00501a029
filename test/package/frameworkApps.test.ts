import { mkdirSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/dashboard/pageAssets.js';
import type { ErrorsReport } from '../../src/dashboard/queries/errorsQuery.js';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import type { RequestsReport } from '../../src/dashboard/queries/requestsQuery.js';
import { waitFor } from '../support/childService.js';
import { launchChromium } from '../support/chromium.js';
import { openPage } from '../support/dashboardPage.js';
import { OtlpCollectorDouble, SPAN_KIND_SERVER } from '../support/OtlpCollectorDouble.js';
import {
  expectedNodeMajor,
  expectedOtelLine,
  inOtelLine,
  installApp,
  packProject,
  type RunningApp,
  startApp,
  versionSeenByPackage,
} from '../support/packedApp.js';
import { type PlannedRequest, PlannedTraffic } from '../support/plannedTraffic.js';

/** `KEEP_PACKAGE_APPS=1` keeps the temporary apps (and prints where) for a look after a failure. */
const KEEP = process.env.KEEP_PACKAGE_APPS === '1';
const ROOT = packageRoot();
const FIXTURES = path.join(ROOT, 'test', 'package', 'apps');
const REGISTER = ['--import', 'golden-signals/register', 'app.js'];
const OTEL_LINE = expectedOtelLine();
const NODE_MAJOR = expectedNodeMajor();

/** The full templates of one app's routes, in its framework's own syntax. */
interface Templates {
  readonly user: string;
  readonly userPost: string;
  readonly users: string;
  readonly item: string;
  readonly boom: string;
  readonly files: string;
  readonly slow: string;
}

/** What each error of the plan counts as in `errors.by_type`. */
interface ErrorTypes {
  readonly badRequest: string;
  readonly notFound: string;
  readonly boom: string;
  /** For `/api/nope-…` (under the prefix), `/nope/…` (outside it) and a wrong method. */
  readonly unknownUnderPrefix: string;
  readonly unknownOutside: string;
  readonly wrongMethod: string;
}

/**
 * The same plan for every app: parameterised routes in a nested, prefixed
 * module/router/plugin, a POST, a wildcard, a 400 and a 404 thrown by class,
 * a custom `Error` subclass (500), and unknown paths and a wrong method.
 */
function plan(t: Templates, e: ErrorTypes): PlannedRequest[] {
  const p: PlannedRequest[] = [];
  const add = (method: string, url: string, endpoint: string, status: number, errorType?: string) =>
    p.push({ method, path: url, endpoint, status, ...(errorType ? { errorType } : {}) });
  for (let i = 1; i <= 12; i++) add('GET', `/api/users/${i}`, t.user, 200);
  for (let i = 1; i <= 5; i++) add('GET', `/api/users/${i}/posts/${i * 7}`, t.userPost, 200);
  for (let i = 0; i < 4; i++) add('POST', '/api/users', t.users, 201);
  for (const id of ['1', 'bad', '2', 'missing', 'bad', '3', 'missing', 'bad']) {
    if (id === 'bad') add('GET', `/api/items/${id}`, t.item, 400, e.badRequest);
    else if (id === 'missing') add('GET', `/api/items/${id}`, t.item, 404, e.notFound);
    else add('GET', `/api/items/${id}`, t.item, 200);
  }
  for (let i = 0; i < 3; i++) add('GET', '/api/boom', t.boom, 500, e.boom);
  for (const f of ['a.txt', 'b/c.txt', 'd/e/f.txt']) add('GET', `/api/files/${f}`, t.files, 200);
  for (const ms of [5, 10, 15]) add('GET', `/api/slow?ms=${ms}`, t.slow, 200);
  for (let i = 0; i < 4; i++) add('GET', `/api/nope-${i}`, 'unmatched', 404, e.unknownUnderPrefix);
  for (let i = 0; i < 3; i++) add('GET', `/nope/${i}/x`, 'unmatched', 404, e.unknownOutside);
  for (let i = 0; i < 2; i++) add('DELETE', `/api/users/${i}`, 'unmatched', 404, e.wrongMethod);
  return p;
}

/** One app: installed once from the registry with the tarball; maybe run in several ways. */
interface InstallSpec {
  readonly dir: string;
  readonly files: Record<string, string>;
  readonly dependencies: Record<string, string>;
}

/** One way to run an installed app, and what the dashboard must say of it. */
interface RunSpec {
  readonly name: string;
  readonly install: InstallSpec;
  readonly env: Record<string, string>;
  readonly plan: readonly PlannedRequest[];
  /** True for the app whose framework is not recognised: the notice must say so, once. */
  readonly unrecognised?: boolean;
}

const NEST: InstallSpec = {
  dir: 'nest',
  files: { 'app.mjs': 'app.js' },
  dependencies: {
    '@nestjs/common': '12.5.1',
    '@nestjs/core': '12.5.1',
    '@nestjs/platform-express': '12.5.1',
    '@nestjs/platform-fastify': '12.5.0',
    'reflect-metadata': '0.2.2',
    rxjs: '7.8.2',
  },
};
const NEST_TEMPLATES = {
  user: '/api/users/:id',
  userPost: '/api/users/:userId/posts/:postId',
  users: '/api/users',
  item: '/api/items/:id',
  boom: '/api/boom',
  slow: '/api/slow',
};
const NEST_ERRORS = {
  badRequest: 'BadRequestException',
  notFound: 'NotFoundException',
  boom: 'BoomError',
  // Nest's own 404 handler throws a NotFoundException through its filters.
  unknownUnderPrefix: 'NotFoundException',
  wrongMethod: 'NotFoundException',
};

const HONO: InstallSpec = {
  dir: 'hono',
  files: { 'app.mjs': 'app.js' },
  dependencies: { hono: '4.13.19', '@hono/node-server': '2.1.8' },
};

const HAPI: InstallSpec = {
  dir: 'hapi',
  files: { 'app.mjs': 'app.js' },
  dependencies: { '@hapi/hapi': '21.4.10', '@hapi/boom': '10.0.1' },
};

const UNKNOWN: InstallSpec = { dir: 'unknown', files: { 'app.mjs': 'app.js' }, dependencies: {} };

const RUNS: readonly RunSpec[] = [
  {
    name: 'NestJS 12 on Express',
    install: NEST,
    env: {},
    plan: plan(
      { ...NEST_TEMPLATES, files: '/api/files/*path' },
      // Outside the global prefix Express itself answers: no Nest exception.
      { ...NEST_ERRORS, unknownOutside: 'HTTP 404' },
    ),
  },
  {
    name: 'NestJS 12 on Fastify',
    install: NEST,
    env: { NEST_ADAPTER: 'fastify' },
    plan: plan(
      { ...NEST_TEMPLATES, files: '/api/files/*' },
      { ...NEST_ERRORS, unknownOutside: 'NotFoundException' },
    ),
  },
  {
    name: 'Hono 4 on @hono/node-server, sub-apps mounted with app.route()',
    install: HONO,
    env: {},
    plan: plan(
      { ...NEST_TEMPLATES, files: '/api/files/*' },
      {
        badRequest: 'HTTPException',
        notFound: 'HTTPException',
        boom: 'BoomError',
        // Hono's not-found handler answers a 404 of its own; nothing is thrown.
        unknownUnderPrefix: 'HTTP 404',
        unknownOutside: 'HTTP 404',
        wrongMethod: 'HTTP 404',
      },
    ),
  },
  {
    name: 'Hapi 21, routes in a plugin under a prefix',
    install: HAPI,
    env: {},
    plan: plan(
      // Hapi's own template syntax, as its routes are written.
      {
        user: '/api/users/{id}',
        userPost: '/api/users/{userId}/posts/{postId}',
        users: '/api/users',
        item: '/api/items/{id}',
        boom: '/api/boom',
        files: '/api/files/{path*}',
        slow: '/api/slow',
      },
      {
        badRequest: 'Boom.badRequest',
        notFound: 'Boom.notFound',
        // Thrown by the app, boomified by Hapi: its own class.
        boom: 'BoomError',
        unknownUnderPrefix: 'Boom.notFound',
        unknownOutside: 'Boom.notFound',
        wrongMethod: 'Boom.notFound',
      },
    ),
  },
  {
    name: 'a framework golden-signals does not know (a hand-rolled router on node:http)',
    install: UNKNOWN,
    env: {},
    plan: Array.from({ length: 60 }, (_, i) => ({
      method: 'GET',
      path: `/api/users/${i}`,
      endpoint: 'unmatched',
      status: 200,
    })),
    unrecognised: true,
  },
];

/** The start of the notice, on stderr and in the overview's `route_notice`. */
const NOTICE = /answered requests in the last hour had no route template/;

/** GETs JSON; fails with the status and body otherwise. */
async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

describe('NestJS, Hapi and Hono as installed packages (npm pack, real apps, zero-code)', () => {
  let tmp: string;
  const installs = new Map<string, Promise<string>>();

  before(async function () {
    this.timeout(600_000);
    tmp = mkdtempSync(path.join(os.tmpdir(), 'golden-signals-frameworks-'));
    if (KEEP) console.log(`      (keeping the apps in ${tmp})`);
    const { file: tarball } = await packProject(ROOT, tmp);
    for (const spec of new Set(RUNS.map((r) => r.install))) {
      const where = path.join(tmp, spec.dir);
      mkdirSync(where);
      const files = Object.fromEntries(
        Object.entries(spec.files).map(([from, to]) => [path.join(FIXTURES, spec.dir, from), to]),
      );
      installs.set(
        spec.dir,
        installApp(where, `app-${spec.dir}`, {
          type: 'module',
          dependencies: { ...spec.dependencies, 'golden-signals': `file:${tarball}` },
          files,
        }).then(() => where),
      );
    }
    await Promise.allSettled(installs.values());
  });

  after(async function () {
    // Three node_modules trees (Nest's is large) to delete, on a busy machine.
    this.timeout(300_000);
    if (tmp !== undefined && !KEEP) await rm(tmp, { recursive: true, force: true });
  });

  for (const spec of RUNS) {
    describe(`${spec.name} (node ${REGISTER.join(' ')})`, () => {
      let app: RunningApp | undefined;
      let dir: string;
      let traffic: PlannedTraffic;
      let receiver: OtlpCollectorDouble;
      let requests: RequestsReport;
      let errors: ErrorsReport;
      let overview: OverviewReport;

      before(async function () {
        this.timeout(120_000);
        dir = await (installs.get(spec.install.dir) as Promise<string>);
        receiver = await OtlpCollectorDouble.start();
        app = await startApp(
          dir,
          REGISTER,
          {
            PORT: '0',
            NODE_ENV: 'test',
            GOLDEN_SIGNALS_PORT: '0',
            OTEL_TRACES_EXPORTER: 'memory,otlp',
            OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
            OTEL_BSP_SCHEDULE_DELAY: '100',
            ...spec.env,
          },
          true,
        );
        const base = app.dashboardUrl as string;
        traffic = new PlannedTraffic(app.url);
        await traffic.send(spec.plan);
        const expected = traffic.sent.length;
        [requests, errors, overview] = await waitFor(
          `the dashboard to count ${expected} requests`,
          async () => {
            const r = await getJson<RequestsReport>(`${base}/requests?period=1h`);
            if (r.total > expected) throw new Error(`counted ${r.total}, sent ${expected}`);
            if (r.total !== expected) return undefined;
            return [
              r,
              await getJson<ErrorsReport>(`${base}/errors?period=1h`),
              await getJson<OverviewReport>(`${base}/overview`),
            ] as const;
          },
          10_000,
        );
        await waitFor(`${expected} server spans at the OTLP receiver`, async () => {
          const n = receiver.spans.filter((s) => s.kind === SPAN_KIND_SERVER).length;
          return n >= expected ? true : undefined;
        });
      });

      after(async function () {
        await receiver?.close();
        if (app === undefined) return;
        const code = await app.stop();
        const failed = this.test?.parent?.tests.some((t) => t.state === 'failed') === true;
        if (failed || (code !== 0 && code !== null))
          console.log(`      app output (exit ${code}):\n${app.output().slice(-4000)}`);
      });

      it('counts every request once, under its full template', () => {
        expect(requests.total).to.equal(traffic.sent.length);
        expect(overview.total_requests).to.equal(traffic.sent.length);
        expect(requests.by_endpoint).to.deep.equal(traffic.byEndpoint());
        expect(requests.by_status).to.deep.equal(traffic.byStatus());
      });

      it('counts errors by the class thrown', () => {
        expect(errors.by_type).to.deep.equal(traffic.byErrorType());
      });

      if (spec.unrecognised === true) {
        it('says once, on stderr and in the overview, that no request has a route template', async function () {
          this.timeout(30_000);
          const running = app as RunningApp;
          await waitFor('the notice on stderr', async () =>
            NOTICE.test(running.output()) ? true : undefined,
          );
          const notice = (await getJson<OverviewReport>(`${running.dashboardUrl}/overview`))
            .route_notice;
          expect(notice).to.match(NOTICE);
          // Another look of the watch would have said it again by now.
          await new Promise((resolve) => setTimeout(resolve, 6_000));
          expect(running.output().match(new RegExp(NOTICE, 'g'))).to.have.length(1);
        });

        it('shows the notice on the page', async function () {
          this.timeout(60_000);
          const browser = await launchChromium();
          try {
            const { page, recorder } = await openPage(
              browser,
              (app as RunningApp).dashboardUrl as string,
            );
            const notices = page.locator('#notices');
            await notices.waitFor({ state: 'visible' });
            expect(await notices.textContent()).to.match(NOTICE);
            expect(recorder.errors, 'page errors').to.deep.equal([]);
          } finally {
            await browser.close();
          }
        });
        return;
      }

      it('says nothing of unrecognised routes', () => {
        expect(overview.route_notice).to.equal(null);
        expect((app as RunningApp).output()).not.to.match(NOTICE);
      });

      it('puts unknown paths and wrong methods under unmatched, and no raw path anywhere', () => {
        const unknown = traffic.sent.filter((r) => r.endpoint === 'unmatched').length;
        expect(requests.by_endpoint.unmatched).to.equal(unknown);
        for (const key of Object.keys(requests.by_endpoint)) expect(key).not.to.match(/nope/);
      });

      it('gives the exported spans the same http.route', () => {
        const routes = receiver.spans
          .filter((s) => s.kind === SPAN_KIND_SERVER)
          .map((s) => String(s.attributes['http.route'] ?? 'unmatched'));
        const counts: Record<string, number> = {};
        for (const r of routes) counts[r] = (counts[r] ?? 0) + 1;
        expect(counts).to.deep.equal(traffic.byEndpoint());
      });

      it(`ran on Node ${NODE_MAJOR} with the ${OTEL_LINE}.x OpenTelemetry line`, () => {
        const versions = new Set(receiver.spans.map((s) => s.resource['process.runtime.version']));
        expect([...versions].map((v) => String(v).split('.')[0])).to.deep.equal([
          String(NODE_MAJOR),
        ]);
        // sdk-node is no longer installed (a light install): the trace SDK is what starts.
        for (const name of ['@opentelemetry/api', '@opentelemetry/sdk-trace']) {
          const v = versionSeenByPackage(dir, name);
          expect(v !== undefined && inOtelLine(name, v, OTEL_LINE), `${name} ${v}`).to.equal(true);
        }
      });
    });
  }
});
