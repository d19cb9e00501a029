import { expect } from 'chai';
import {
  DEFAULT_DASHBOARD_PREFIX,
  dashboardPaths,
  pathBelow,
  pathnameOf,
} from '../../src/dashboard/dashboardPaths.js';

/** The TypeError `dashboardPaths(options)` throws, or a failed assertion if it returns. */
function rejection(options: Parameters<typeof dashboardPaths>[0]): TypeError {
  try {
    dashboardPaths(options);
  } catch (error) {
    expect(error).to.be.instanceOf(TypeError);
    return error as TypeError;
  }
  expect.fail(`dashboardPaths(${JSON.stringify(options)}) should have thrown`);
}

describe('dashboardPaths', () => {
  describe('#dashboardPaths', () => {
    it('defaults to /dashboard with the metrics below it', () => {
      expect(DEFAULT_DASHBOARD_PREFIX).to.equal('/dashboard');
      expect(dashboardPaths()).to.deep.equal({
        prefix: '/dashboard',
        metricsPath: '/dashboard/metrics',
      });
      expect(dashboardPaths({})).to.deep.equal(dashboardPaths());
    });

    it('puts the default metricsPath below a given prefix', () => {
      expect(dashboardPaths({ prefix: '/ops' })).to.deep.equal({
        prefix: '/ops',
        metricsPath: '/ops/metrics',
      });
      expect(dashboardPaths({ prefix: '/ops/signals' }).metricsPath).to.equal(
        '/ops/signals/metrics',
      );
    });

    it('keeps a metricsPath given outside the prefix', () => {
      expect(dashboardPaths({ prefix: '/ops', metricsPath: '/metrics' })).to.deep.equal({
        prefix: '/ops',
        metricsPath: '/metrics',
      });
    });

    it('answers frozen paths', () => {
      expect(Object.isFrozen(dashboardPaths({ prefix: '/ops' }))).to.equal(true);
    });

    it('accepts segments of letters, digits and -._~', () => {
      for (const prefix of ['/a', '/A-z_0.9~', '/ops/v1.2/x', '/.well-known']) {
        expect(dashboardPaths({ prefix }).prefix).to.equal(prefix);
      }
    });

    const bad = [
      'dashboard',
      '',
      '/',
      '/ops/',
      '//ops',
      '/a b',
      '/../x',
      '/a/..',
      '/./x',
      '/a?b',
      '/a#b',
      '/<script>',
      '/"x"',
      '/a%2fb',
      '/é',
    ];
    for (const prefix of bad) {
      it(`rejects the prefix ${JSON.stringify(prefix)} with a TypeError naming the option`, () => {
        const error = rejection({ prefix });
        expect(error.message).to.equal(
          `golden-signals: prefix must look like /dashboard or /ops/signals (segments of letters, digits and -._~), got: ${JSON.stringify(prefix)}`,
        );
      });
    }

    for (const metricsPath of ['metrics', '/a b', '/../metrics', '/m?x', '/<script>']) {
      it(`rejects the metricsPath ${JSON.stringify(metricsPath)}, naming metricsPath`, () => {
        const error = rejection({ prefix: '/ops', metricsPath });
        expect(error.message).to.match(/^golden-signals: metricsPath must look like /);
        expect(error.message).to.include(`got: ${JSON.stringify(metricsPath)}`);
      });
    }
  });

  describe('#pathBelow', () => {
    const cases: [string, string | undefined][] = [
      ['/ops', ''],
      ['/ops/', '/'],
      ['/ops/overview', '/overview'],
      ['/ops/assets/main.js', '/assets/main.js'],
      ['/opsx', undefined],
      ['/ops-x/overview', undefined],
      ['/op', undefined],
      ['/', undefined],
      ['/x/ops', undefined],
    ];
    for (const [pathname, expected] of cases) {
      it(`answers ${JSON.stringify(expected)} for ${pathname} under /ops`, () => {
        expect(pathBelow(pathname, '/ops')).to.equal(expected);
      });
    }
  });

  describe('#pathnameOf', () => {
    it('cuts the query off, and answers / without a URL', () => {
      expect(pathnameOf('/a/b?x=1&y=2')).to.equal('/a/b');
      expect(pathnameOf('/a/b')).to.equal('/a/b');
      expect(pathnameOf('/a?')).to.equal('/a');
      expect(pathnameOf(undefined)).to.equal('/');
    });
  });
});
