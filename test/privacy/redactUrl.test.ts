import { expect } from 'chai';
import fc from 'fast-check';
import type { RedactQueryMode } from '../../src/privacy/RedactionSettings.js';
import {
  MAX_REDACTED_INPUT_LENGTH,
  REDACTED,
  redactQuery,
  redactUrl,
} from '../../src/privacy/redactUrl.js';
import { isSensitiveQueryKey, SENSITIVE_QUERY_KEYS } from '../../src/privacy/sensitiveQueryKey.js';

const R = REDACTED;

/** The most `redactUrl` can make of `n` characters: a 1-character segment grows to 9 at worst. */
function bound(n: number): number {
  return 5 * (Math.min(n, MAX_REDACTED_INPUT_LENGTH) + 1) + 16;
}

/** The key of each `key=value` segment after the query mark, with its value. */
function paramsOf(url: string): [string, string][] {
  const at = url.search(/[?#]/);
  if (at < 0) return [];
  return url
    .slice(at + 1)
    .split(/[&;#?]/)
    .filter((s) => s.includes('='))
    .map((s) => [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)]);
}

describe('redactUrl', () => {
  describe('#redactUrl', () => {
    const cases: [string, RedactQueryMode, string, string][] = [
      ['no query', 'sensitive', '/users/42', '/users/42'],
      ['a plain query', 'sensitive', '/search?q=shoes&page=2', '/search?q=shoes&page=2'],
      [
        'the issue’s query',
        'sensitive',
        '/ok?token=s3cr3t&password=hunter2&api_key=k&user=bob',
        `/ok?token=${R}&password=${R}&api_key=${R}&user=bob`,
      ],
      ['keys in any case', 'sensitive', '/?TOKEN=a&Password=b', `/?TOKEN=${R}&Password=${R}`],
      ['a percent-encoded key', 'sensitive', '/?to%6Ben=a', `/?to%6Ben=${R}`],
      [
        'keys holding a sensitive word',
        'sensitive',
        '/?user_token=a&x-api-key=b&clientSecret=c&db_password=d&oauth_verifier=e',
        `/?user_token=${R}&x-api-key=${R}&clientSecret=${R}&db_password=${R}&oauth_verifier=${R}`,
      ],
      [
        'cloud signing parameters',
        'sensitive',
        'https://b.s3.amazonaws.com/o?X-Amz-Date=1&X-Amz-Signature=2&X-Amz-Credential=3&AWSAccessKeyId=4',
        `https://b.s3.amazonaws.com/o?X-Amz-Date=${R}&X-Amz-Signature=${R}&X-Amz-Credential=${R}&AWSAccessKeyId=${R}`,
      ],
      ['an OAuth code', 'sensitive', '/cb?code=abc&state=xyz', `/cb?code=${R}&state=xyz`],
      ['an empty value', 'sensitive', '/?token=&a=1', '/?token=&a=1'],
      ['a key without value', 'sensitive', '/?token&a=1', '/?token&a=1'],
      ['semicolons', 'sensitive', '/?a=1;token=x', `/?a=1;token=${R}`],
      ['a fragment', 'sensitive', '/cb#access_token=x&state=y', `/cb#access_token=${R}&state=y`],
      ['a query and a fragment', 'sensitive', '/cb?a=1#id_token=x', `/cb?a=1#id_token=${R}`],
      ['a nested URL', 'sensitive', '/?next=/a?token=x', `/?next=/a?token=${R}`],
      ['a value holding =', 'sensitive', '/?token=a=b&c=d', `/?token=${R}&c=d`],
      [
        'userinfo with a password',
        'sensitive',
        'http://bob:hunter2@example.com/a?b=1',
        `http://${R}:${R}@example.com/a?b=1`,
      ],
      ['userinfo alone', 'sensitive', 'https://tok@example.com/', `https://${R}@example.com/`],
      ['a protocol-relative URL', 'sensitive', '//u:p@h/x', `//${R}:${R}@h/x`],
      ['an @ in the path', 'sensitive', 'http://h/users/@bob', 'http://h/users/@bob'],
      ['an @ in the query', 'sensitive', 'http://h/?to=a@b.c', 'http://h/?to=a@b.c'],
      [
        'a database URL',
        'sensitive',
        'postgres://app:pw@db:5432/main',
        `postgres://${R}:${R}@db:5432/main`,
      ],
      ['every value with all', 'all', '/?q=shoes&page=2&flag', `/?q=${R}&page=${R}&${R}`],
      ['userinfo with all', 'all', 'http://u:p@h/', `http://${R}:${R}@h/`],
      [
        'nothing with off',
        'off',
        'http://u:p@h/?token=x&password=y',
        'http://u:p@h/?token=x&password=y',
      ],
      ['a lone ?', 'sensitive', '?', '?'],
      ['a stray %', 'sensitive', '/?%=1&to%6=2&%zz=3', '/?%=1&to%6=2&%zz=3'],
      ['only separators', 'all', '/?&&;;##', '/?&&;;##'],
      ['no scheme, an @', 'sensitive', 'user:pw@host/x', 'user:pw@host/x'],
    ];
    for (const [name, mode, input, expected] of cases) {
      it(`masks ${name} (${mode})`, () => {
        expect(redactUrl(input, mode)).to.equal(expected);
      });
    }

    it('returns text without ?, # or @ itself', () => {
      const url = `http://example.com/${'a'.repeat(100)}`;
      expect(redactUrl(url, 'sensitive')).to.equal(url);
    });

    it(`cuts input over ${MAX_REDACTED_INPUT_LENGTH} characters first`, () => {
      const url = `/?q=${'a'.repeat(MAX_REDACTED_INPUT_LENGTH * 4)}&token=late`;
      const out = redactUrl(url, 'sensitive');
      expect(out).to.have.length(MAX_REDACTED_INPUT_LENGTH + 1);
      expect(out.endsWith('…')).to.equal(true);
      expect(out).not.to.contain('late');
    });

    const sensitiveKey = fc
      .tuple(
        fc.constantFrom(...SENSITIVE_QUERY_KEYS, 'user_token', 'X-Amz-Signature', 'myApiKey'),
        fc.boolean(),
      )
      .map(([key, upper]) => (upper ? key.toUpperCase() : key));
    const plainKey = fc.constantFrom('q', 'page', 'user', 'sort', 'lang', 'id');
    const secret = fc.stringMatching(/^[A-Za-z0-9%+.~=@:/-]{1,24}$/).map((v) => `SECRET_${v}`);
    const plainValue = fc.stringMatching(/^[A-Za-z0-9%+.~-]{0,12}$/);
    const param = fc.oneof(
      fc.tuple(sensitiveKey, secret).map(([k, v]) => ({ text: `${k}=${v}`, secret: v })),
      fc.tuple(plainKey, plainValue).map(([k, v]) => ({ text: `${k}=${v}`, secret: undefined })),
    );
    const query = fc.tuple(
      fc.array(param, { maxLength: 12 }),
      fc.constantFrom('&', ';'),
      fc.constantFrom('http://h/p?', '/p?', 'https://u:SECRET_pw@h/?', '/cb#'),
    );

    it('leaves no value of a sensitive key, and no userinfo, in any generated URL', () => {
      fc.assert(
        fc.property(query, ([params, separator, prefix]) => {
          const url = prefix + params.map((p) => p.text).join(separator);
          const out = redactUrl(url, 'sensitive');
          expect(out).not.to.contain('SECRET_');
          for (const [key, value] of paramsOf(out)) {
            if (isSensitiveQueryKey(key.toLowerCase())) expect(value).to.equal(R);
          }
          expect(out.length).to.be.at.most(bound(url.length));
        }),
        { numRuns: 500 },
      );
    });

    it('keeps every key, in order', () => {
      fc.assert(
        fc.property(query, ([params, separator, prefix]) => {
          const url = prefix + params.map((p) => p.text).join(separator);
          const keys = (u: string) => paramsOf(u).map(([k]) => k);
          expect(keys(redactUrl(url, 'sensitive'))).to.deep.equal(keys(url));
          expect(keys(redactUrl(url, 'all'))).to.deep.equal(keys(url));
        }),
        { numRuns: 200 },
      );
    });

    it('never throws, and bounds its output, on any text', () => {
      fc.assert(
        fc.property(
          fc.string({
            maxLength: 300,
            unit: fc.constantFrom('a', '=', '&', '?', '#', '@', ':', '/', '%', ';', '+', 'é'),
          }),
          fc.constantFrom<RedactQueryMode>('sensitive', 'all', 'off'),
          (text, mode) => {
            const out = redactUrl(text, mode);
            expect(out.length).to.be.at.most(mode === 'off' ? text.length : bound(text.length));
          },
        ),
        { numRuns: 1_000 },
      );
    });
  });

  describe('#redactQuery', () => {
    const cases: [RedactQueryMode, string, string][] = [
      ['sensitive', 'token=s3cr3t&password=hunter2&user=bob', `token=${R}&password=${R}&user=bob`],
      ['sensitive', 'q=1', 'q=1'],
      ['sensitive', '', ''],
      ['all', 'q=1&token', `q=${R}&${R}`],
      ['off', 'token=x', 'token=x'],
    ];
    for (const [mode, input, expected] of cases) {
      it(`masks ${JSON.stringify(input)} (${mode})`, () => {
        expect(redactQuery(input, mode)).to.equal(expected);
      });
    }
  });
});
