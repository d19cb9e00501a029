import { expect } from 'chai';
import { isSensitiveQueryKey, SENSITIVE_QUERY_KEYS } from '../../src/privacy/sensitiveQueryKey.js';

describe('sensitiveQueryKey', () => {
  describe('#isSensitiveQueryKey', () => {
    for (const key of SENSITIVE_QUERY_KEYS) {
      it(`holds the listed key ${key}`, () => {
        expect(isSensitiveQueryKey(key)).to.equal(true);
      });
    }
    const derived = [
      'user_token',
      'x-auth-token',
      'db_password',
      'clientsecret',
      'x-amz-signature',
      'x-amz-date',
      'x-goog-credential',
      'x-api-key',
      'publickey',
      'url_sig',
      'auth_code',
      'oauth_verifier',
      'private_id',
    ];
    for (const key of derived) {
      it(`holds ${key}, by a word, prefix or suffix`, () => {
        expect(isSensitiveQueryKey(key)).to.equal(true);
      });
    }
    for (const key of ['q', 'page', 'user', 'sort', 'id', 'lang', 'limit', 'state', 'next']) {
      it(`lets ${key} through`, () => {
        expect(isSensitiveQueryKey(key)).to.equal(false);
      });
    }
  });
});
