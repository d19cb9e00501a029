import { expect } from 'chai';
import type { GoldenSignals } from '../src/index.js';
import { getGoldenSignals, registerGoldenSignals } from '../src/registeredGoldenSignals.js';

const SLOT = Symbol.for('golden-signals.registered');
type Slotted = Record<symbol, unknown>;

describe('registeredGoldenSignals', () => {
  // Nothing in the mocha process registers; these tests leave the slot as they found it.
  afterEach(() => {
    delete (globalThis as Slotted)[SLOT];
  });

  describe('#getGoldenSignals', () => {
    it('throws an Error saying how to start when nothing is registered', () => {
      expect((globalThis as Slotted)[SLOT]).to.equal(undefined);
      expect(() => getGoldenSignals()).to.throw(
        Error,
        'golden-signals: not started; run with `node --import golden-signals/register app.js`, or call startGoldenSignals() yourself',
      );
    });

    it('answers the registered handle, found by its global symbol', () => {
      const handle = { config: {} } as unknown as GoldenSignals;
      registerGoldenSignals(handle);
      expect(getGoldenSignals()).to.equal(handle);
      expect((globalThis as Slotted)[SLOT]).to.equal(handle);
    });
  });

  describe('#registerGoldenSignals', () => {
    it('refuses a second handle and keeps the first', () => {
      const first = { config: {} } as unknown as GoldenSignals;
      registerGoldenSignals(first);
      expect(() => registerGoldenSignals({} as GoldenSignals)).to.throw(
        Error,
        'golden-signals: already registered in this process',
      );
      expect(getGoldenSignals()).to.equal(first);
    });
  });
});
