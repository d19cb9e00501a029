import { expect } from 'chai';
import { normalizeStatement } from '../../src/privacy/normalizeStatement.js';
import {
  STATEMENT_CACHE_LIMIT,
  STATEMENT_CACHE_MAX_KEY_LENGTH,
  StatementCache,
} from '../../src/privacy/StatementCache.js';

describe('StatementCache', () => {
  it('answers as normalizeStatement, masking each distinct statement once', () => {
    const cache = new StatementCache();
    const sql = "SELECT * FROM users WHERE name = 'alice' AND id = 42";
    for (let i = 0; i < 5; i++) {
      expect(cache.normalize('postgresql', sql)).to.equal(normalizeStatement('postgresql', sql));
    }
    expect(cache.misses).to.equal(1);
    // The system is part of the key: Redis keeps the command alone.
    expect(cache.normalize('redis', 'GET session:secret')).to.equal('GET');
    expect(cache.misses).to.equal(2);
  });

  it('holds at most its limit, starting over when full', () => {
    const cache = new StatementCache();
    for (let i = 0; i <= STATEMENT_CACHE_LIMIT + 10; i++) {
      expect(cache.normalize('mysql', `SELECT c${i} FROM t WHERE x = ${i}`)).to.equal(
        `SELECT c${i} FROM t WHERE x = ?`,
      );
    }
    expect(cache.size).to.be.at.most(STATEMENT_CACHE_LIMIT);
  });

  it('does not keep a statement longer than its key limit', () => {
    const cache = new StatementCache();
    const long = `SELECT * FROM t WHERE v = '${'x'.repeat(STATEMENT_CACHE_MAX_KEY_LENGTH)}'`;
    expect(cache.normalize('postgresql', long)).to.equal('SELECT * FROM t WHERE v = ?');
    expect(cache.size).to.equal(0);
  });
});
