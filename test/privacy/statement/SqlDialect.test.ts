import { expect } from 'chai';
import { sqlDialectOf } from '../../../src/privacy/statement/SqlDialect.js';

describe('SqlDialect', () => {
  describe('#sqlDialectOf', () => {
    it('reads backslash escapes and `#` comments for MySQL only', () => {
      expect(sqlDialectOf('mysql')).to.include({ backslashEscapes: true, hashComments: true });
      expect(sqlDialectOf('postgresql')).to.include({
        backslashEscapes: false,
        hashComments: false,
      });
    });

    it('masks `"…"` as a string on a system it does not know', () => {
      expect(sqlDialectOf('postgresql').doubleQuotedIdentifiers).to.equal(true);
      expect(sqlDialectOf('somethingelse').doubleQuotedIdentifiers).to.equal(false);
    });
  });
});
