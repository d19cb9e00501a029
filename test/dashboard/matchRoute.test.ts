import { expect } from 'chai';
import { asset, json, METRICS_PATH, stream } from '../../src/dashboard/DashboardRoute.js';
import { DASHBOARD_ROUTES, TRACES_PATH } from '../../src/dashboard/dashboardRoutes.js';
import { matchRoute } from '../../src/dashboard/matchRoute.js';

const page = asset('/', () => {
  throw new Error('not called');
});
const traces = json('/traces', () => 'list');
const trace = json('/traces/:id', () => 'one');
const metrics = stream(METRICS_PATH, () => undefined);
const ROUTES = [page, traces, trace, metrics];

describe('matchRoute', () => {
  const cases: [path: string | symbol, route: unknown, param: string][] = [
    ['', page, ''],
    ['/', page, ''],
    ['/traces', traces, ''],
    ['/traces/abc', trace, 'abc'],
    ['/traces/', trace, ''],
    ['/traces/a/b', trace, 'a/b'],
    [METRICS_PATH, metrics, ''],
  ];
  for (const [path, route, param] of cases) {
    it(`matches ${String(path) || "''"} to its route, with the parameter ${JSON.stringify(param)}`, () => {
      const match = matchRoute(ROUTES, path);
      expect(match?.route).to.equal(route);
      expect(match?.param).to.equal(param);
    });
  }

  for (const path of ['//', '/trace', '/tracesx', '/overview', '/metrics']) {
    it(`matches nothing for ${path}`, () => {
      expect(matchRoute(ROUTES, path)).to.equal(undefined);
    });
  }
});

describe('DASHBOARD_ROUTES', () => {
  it('lists each path once', () => {
    const paths = DASHBOARD_ROUTES.map((r) => r.path);
    expect(new Set(paths).size).to.equal(paths.length);
  });

  it('routes the receiver and the instance statuses as body-taking routes', () => {
    const ingest = DASHBOARD_ROUTES.filter((r) => r.kind === 'ingest').map((r) => r.path);
    expect(ingest).to.deep.equal([TRACES_PATH, '/v1/instance-status']);
  });

  it('answers every reading route on GET and HEAD only', () => {
    for (const route of DASHBOARD_ROUTES) {
      if (route.kind !== 'ingest')
        expect(route.methods, String(route.path)).to.deep.equal(['GET', 'HEAD']);
    }
  });
});
