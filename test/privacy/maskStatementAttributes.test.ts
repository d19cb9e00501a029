import type { Attributes } from '@opentelemetry/api';
import { expect } from 'chai';
import { maskStatementAttributes } from '../../src/privacy/maskStatementAttributes.js';
import { redactAttributes } from '../../src/privacy/redactAttributes.js';

describe('maskStatementAttributes', () => {
  describe('#maskStatementAttributes', () => {
    it('normalises the statement of a database span and drops its parameters, in a copy', () => {
      const attributes: Attributes = {
        'db.system.name': 'postgresql',
        'db.query.text': "SELECT * FROM users WHERE email = 'bob@example.com'",
        'db.query.parameter.0': 'bob@example.com',
        'db.postgresql.values': ['bob@example.com'],
        'server.port': 5432,
      };
      expect(maskStatementAttributes(attributes)).to.deep.equal({
        'db.system.name': 'postgresql',
        'db.query.text': 'SELECT * FROM users WHERE email = ?',
        'server.port': 5432,
      });
      expect(attributes['db.query.parameter.0']).to.equal('bob@example.com');
    });

    it('keeps a Redis command alone, old conventions', () => {
      const out = maskStatementAttributes({ 'db.system': 'redis', 'db.statement': 'set k secret' });
      expect(out['db.statement']).to.equal('SET');
    });

    it('returns the same object for a span that is not a database one', () => {
      const attributes: Attributes = { 'http.request.method': 'GET', 'db.statement': 'x' };
      expect(maskStatementAttributes(attributes)).to.equal(attributes);
    });
  });

  describe('through redactAttributes', () => {
    it('masks statements even with redaction off', () => {
      const out = redactAttributes({ 'db.system': 'mysql', 'db.statement': 'SELECT 42' }, 'off');
      expect(out['db.statement']).to.equal('SELECT ?');
    });
  });
});
