import { expect } from 'chai';
import { maskSql } from '../../../src/privacy/statement/maskSql.js';
import { sqlDialectOf } from '../../../src/privacy/statement/SqlDialect.js';

const mask = (text: string): string => maskSql(text, sqlDialectOf('postgresql'));

describe('maskSql', () => {
  describe('#maskSql', () => {
    it('collapses an IN list of literals and placeholders, not a subquery', () => {
      expect(mask('a IN (1, $2, (3))')).to.equal('a IN (?)');
      expect(mask('a IN (b, 1)')).to.equal('a IN (b, ?)');
    });

    it('collapses every row of a VALUES list into one', () => {
      expect(mask('VALUES (1, 2), ($1, -3) ON CONFLICT DO NOTHING')).to.equal(
        'VALUES (?) ON CONFLICT DO NOTHING',
      );
      expect(mask('VALUES (1), (now())')).to.equal('VALUES (?), (now())');
    });

    it('collapses a list the input bound cut', () => {
      expect(mask("VALUES (1, 'a'), (2, 'b")).to.equal('VALUES (?)');
      expect(mask('WHERE id IN (1, 2, 3')).to.equal('WHERE id IN (?)');
    });

    it('masks a sign with its number, not a subtraction', () => {
      expect(mask('SELECT -1, a - 2, (b) - 3, WHERE x = - 4')).to.equal(
        'SELECT ?, a - ?, (b) - ?, WHERE x = ?',
      );
    });
  });
});
