/**
 * Query keys whose values are always masked in `sensitive` mode, compared
 * with the key decoded and lower-cased. Most are also caught by
 * {@link SENSITIVE_KEY_WORDS}; they are listed so the documented default
 * list reads whole.
 */
export const SENSITIVE_QUERY_KEYS: readonly string[] = Object.freeze([
  'token',
  'password',
  'passwd',
  'pwd',
  'pass',
  'secret',
  'key',
  'api_key',
  'apikey',
  'access_token',
  'refresh_token',
  'id_token',
  'auth',
  'authorization',
  'signature',
  'sig',
  'session',
  'sessionid',
  'sid',
  'code',
  'client_secret',
  'credential',
  'credentials',
  'jwt',
  'otp',
  'ticket',
  'awsaccesskeyid',
]);

/**
 * Words that make a key sensitive wherever they appear in it (`user_token`,
 * `x-auth-token`, `db_password`, `clientSecret`, `X-Amz-Signature`,
 * `X-Amz-Credential`, `oauth_verifier`…). `auth` also catches `author`:
 * masking a harmless value is the cheaper mistake.
 */
export const SENSITIVE_KEY_WORDS: readonly string[] = Object.freeze([
  'token',
  'passw',
  'secret',
  'auth',
  'signature',
  'credential',
  'session',
  'apikey',
  'api_key',
  'api-key',
  'accesskey',
  'access_key',
  'private',
  'jwt',
]);

/** Key prefixes whose every parameter is masked: cloud signing parameters (`X-Amz-Date`, `X-Goog-Expires`…). */
export const SENSITIVE_KEY_PREFIXES: readonly string[] = Object.freeze(['x-amz-', 'x-goog-']);

/** Key endings that make a key sensitive (`x-api-key`, `publicKey`, `url_sig`, `auth_code`). */
export const SENSITIVE_KEY_SUFFIXES: readonly string[] = Object.freeze([
  'key',
  '_sig',
  '-sig',
  '_pwd',
  '_code',
]);

function alternatives(words: readonly string[]): string {
  return words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

// One case-insensitive regular expression: a single pass per key, no lower-cased copy.
const SENSITIVE = new RegExp(
  `^(?:${alternatives(SENSITIVE_QUERY_KEYS)})$|${alternatives(SENSITIVE_KEY_WORDS)}|` +
    `^(?:${alternatives(SENSITIVE_KEY_PREFIXES)})|(?:${alternatives(SENSITIVE_KEY_SUFFIXES)})$`,
  'i',
);

/**
 * Whether a query key's value is a secret, by the documented rule, in any
 * case: `key` (already decoded) is one of {@link SENSITIVE_QUERY_KEYS},
 * contains one of {@link SENSITIVE_KEY_WORDS}, starts with one of
 * {@link SENSITIVE_KEY_PREFIXES}, or ends with one of
 * {@link SENSITIVE_KEY_SUFFIXES}.
 */
export function isSensitiveQueryKey(key: string): boolean {
  return SENSITIVE.test(key);
}
