import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/config.js';
import { DEFAULT_REDACT_QUERY, redactQueryOf } from '../../src/privacy/RedactionSettings.js';

const fail = (message: string) => new ConfigError(message);

describe('RedactionSettings', () => {
  describe('#redactQueryOf', () => {
    const valid: [string | undefined, string][] = [
      [undefined, DEFAULT_REDACT_QUERY],
      ['', 'sensitive'],
      ['  ', 'sensitive'],
      ['sensitive', 'sensitive'],
      ['all', 'all'],
      ['OFF', 'off'],
      [' all ', 'all'],
    ];
    for (const [text, mode] of valid) {
      it(`reads ${JSON.stringify(text)} as ${mode}`, () => {
        expect(redactQueryOf({ GOLDEN_SIGNALS_REDACT_QUERY: text }, fail)).to.equal(mode);
      });
    }

    for (const text of ['none', 'yes', 'sensitive,all', '0']) {
      it(`rejects ${JSON.stringify(text)} with an error naming the variable`, () => {
        expect(() => redactQueryOf({ GOLDEN_SIGNALS_REDACT_QUERY: text }, fail))
          .to.throw(ConfigError, /GOLDEN_SIGNALS_REDACT_QUERY must be sensitive, all, off, got:/)
          .with.property('message')
          .that.contains(text);
      });
    }

    it('is sensitive by default, and read by loadConfig', () => {
      expect(DEFAULT_REDACT_QUERY).to.equal('sensitive');
      expect(loadConfig({}).redactQuery).to.equal('sensitive');
      expect(loadConfig({ GOLDEN_SIGNALS_REDACT_QUERY: 'off' }).redactQuery).to.equal('off');
      expect(() => loadConfig({ GOLDEN_SIGNALS_REDACT_QUERY: 'x' })).to.throw(
        ConfigError,
        'GOLDEN_SIGNALS_REDACT_QUERY',
      );
    });
  });
});
