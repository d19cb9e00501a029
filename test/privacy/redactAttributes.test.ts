import type { Attributes } from '@opentelemetry/api';
import { expect } from 'chai';
import { STATEMENT_ATTRIBUTE_KEYS } from '../../src/privacy/maskStatementAttributes.js';
import {
  QUERY_ATTRIBUTE_KEYS,
  redactAttributes,
  URL_ATTRIBUTE_KEYS,
} from '../../src/privacy/redactAttributes.js';
import { REDACTED as R } from '../../src/privacy/redactUrl.js';

describe('redactAttributes', () => {
  describe('#redactAttributes', () => {
    for (const key of URL_ATTRIBUTE_KEYS) {
      it(`masks the secrets of ${key}, in a copy`, () => {
        const attributes: Attributes = { [key]: 'http://u:p@h/?token=x&q=1', other: 1 };
        const out = redactAttributes(attributes, 'sensitive');
        expect(out).to.deep.equal({ [key]: `http://${R}:${R}@h/?token=${R}&q=1`, other: 1 });
        expect(attributes[key]).to.equal('http://u:p@h/?token=x&q=1');
      });
    }
    for (const key of QUERY_ATTRIBUTE_KEYS) {
      it(`masks the secret values of ${key}`, () => {
        const out = redactAttributes({ [key]: 'token=x&q=1' }, 'sensitive');
        expect(out[key]).to.equal(`token=${R}&q=1`);
      });
    }

    it('returns the same object when nothing is secret', () => {
      const attributes: Attributes = {
        'url.path': '/a',
        'url.query': 'q=1',
        'http.target': '/a?q=1',
        'url.full': 'http://h/a',
        n: 3,
      };
      expect(redactAttributes(attributes, 'sensitive')).to.equal(attributes);
    });

    it('leaves other attributes alone', () => {
      const attributes: Attributes = {
        'db.statement': 'SELECT id FROM t WHERE id = $1',
        x: '?token=y',
      };
      expect(redactAttributes(attributes, 'all')).to.equal(attributes);
    });

    for (const key of STATEMENT_ATTRIBUTE_KEYS) {
      it(`masks every literal of ${key} in a copy, whatever the query mode (issue 23)`, () => {
        for (const mode of ['sensitive', 'all', 'off'] as const) {
          const sql: Attributes = {
            'db.system.name': 'postgresql',
            [key]: "SELECT * FROM t WHERE token = 'x' AND n > 42",
          };
          expect(redactAttributes(sql, mode)[key], mode).to.equal(
            'SELECT * FROM t WHERE token = ? AND n > ?',
          );
          expect(sql[key]).to.equal("SELECT * FROM t WHERE token = 'x' AND n > 42");
          const redis: Attributes = { 'db.system': 'redis', [key]: 'get order:secret-1' };
          expect(redactAttributes(redis, mode)[key], mode).to.equal('GET');
        }
      });
    }

    it('masks every value with all, and nothing with off', () => {
      const attributes: Attributes = { 'url.query': 'q=1', 'url.full': 'http://u:p@h/?token=x' };
      expect(redactAttributes(attributes, 'all')).to.deep.equal({
        'url.query': `q=${R}`,
        'url.full': `http://${R}:${R}@h/?token=${R}`,
      });
      expect(redactAttributes(attributes, 'off')).to.equal(attributes);
    });

    it('skips values that are not strings', () => {
      const attributes: Attributes = { 'url.full': ['?token=x'], 'url.query': 5 };
      expect(redactAttributes(attributes, 'sensitive')).to.equal(attributes);
    });
  });
});
