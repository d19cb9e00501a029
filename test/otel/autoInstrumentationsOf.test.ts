import { expect } from 'chai';
import { ConfigError } from '../../src/configValues.js';
import { autoInstrumentationsOf } from '../../src/otel/autoInstrumentationsOf.js';

describe('autoInstrumentationsOf', () => {
  const fail = (message: string) => new ConfigError(message);

  it('is off by default, and reads on and off in any case', () => {
    expect(autoInstrumentationsOf({}, fail)).to.equal('off');
    expect(autoInstrumentationsOf({ GOLDEN_SIGNALS_AUTO_INSTRUMENTATIONS: ' ON ' }, fail)).to.equal(
      'on',
    );
    expect(autoInstrumentationsOf({ GOLDEN_SIGNALS_AUTO_INSTRUMENTATIONS: 'off' }, fail)).to.equal(
      'off',
    );
  });

  it('names the variable for anything else', () => {
    expect(() => autoInstrumentationsOf({ GOLDEN_SIGNALS_AUTO_INSTRUMENTATIONS: 'yes' }, fail))
      .to.throw(ConfigError, 'GOLDEN_SIGNALS_AUTO_INSTRUMENTATIONS must be on or off, got: yes')
      .with.property('variables')
      .that.deep.equals(['GOLDEN_SIGNALS_AUTO_INSTRUMENTATIONS']);
  });
});
