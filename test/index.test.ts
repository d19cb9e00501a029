import { expect } from 'chai';
import * as api from '../src/index.js';

describe('index (the public API)', () => {
  it('exports exactly the functions a user calls, so internals stay internal', () => {
    // Growing this list is a decision: every name here is a promise to users.
    expect(Object.keys(api).sort()).to.deep.equal([
      'ConfigError',
      'createGoldenSignals',
      'getGoldenSignals',
      'koaRouteTag',
      'startGoldenSignals',
    ]);
  });
});
