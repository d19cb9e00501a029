import { expect } from 'chai';
import { ConfigError } from '../../src/configValues.js';
import {
  DEFAULT_FIRST_BYTE_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  ownServerSettingsOf,
} from '../../src/http/OwnServerSettings.js';

describe('ownServerSettingsOf', () => {
  it('gives the defaults for an empty environment', () => {
    expect(ownServerSettingsOf({})).to.deep.equal({
      firstByteTimeoutMs: DEFAULT_FIRST_BYTE_TIMEOUT_MS,
      maxConnections: DEFAULT_MAX_CONNECTIONS,
      shutdownTimeoutMs: DEFAULT_SHUTDOWN_TIMEOUT_MS,
    });
  });

  it('reads the three variables', () => {
    const env = {
      GOLDEN_SIGNALS_FIRST_BYTE_TIMEOUT_MS: '2500',
      GOLDEN_SIGNALS_MAX_CONNECTIONS: ' 16 ',
      GOLDEN_SIGNALS_SHUTDOWN_TIMEOUT_MS: '30000',
    };
    expect(ownServerSettingsOf(env)).to.deep.equal({
      firstByteTimeoutMs: 2500,
      maxConnections: 16,
      shutdownTimeoutMs: 30_000,
    });
  });

  for (const [name, value] of [
    ['GOLDEN_SIGNALS_FIRST_BYTE_TIMEOUT_MS', '50'],
    ['GOLDEN_SIGNALS_FIRST_BYTE_TIMEOUT_MS', '1e4'],
    ['GOLDEN_SIGNALS_MAX_CONNECTIONS', '0'],
    ['GOLDEN_SIGNALS_MAX_CONNECTIONS', 'lots'],
    ['GOLDEN_SIGNALS_SHUTDOWN_TIMEOUT_MS', '-1'],
    ['GOLDEN_SIGNALS_SHUTDOWN_TIMEOUT_MS', '9999999999'],
  ] as const) {
    it(`rejects ${name}=${value}, naming it`, () => {
      expect(() => ownServerSettingsOf({ [name]: value })).to.throw(
        ConfigError,
        new RegExp(`^${name} must be an integer from \\d+ to \\d+, got: ${value}$`),
      );
    });
  }
});
