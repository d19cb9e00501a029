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

const EXACT = new Set(SENSITIVE_QUERY_KEYS);

/**
 * Whether a query key's value is a secret, by the documented rule: `key`
 * (already lower-cased and decoded) is one of {@link SENSITIVE_QUERY_KEYS},
 * contains one of {@link SENSITIVE_KEY_WORDS}, starts with one of
 * {@link SENSITIVE_KEY_PREFIXES}, or ends in `key`, `_sig`, `-sig`, `_pwd`
 * or `_code` (`x-api-key`, `publicKey`, `url_sig`, `auth_code`).
 */
export function isSensitiveQueryKey(key: string): boolean {
  if (EXACT.has(key)) return true;
  for (const word of SENSITIVE_KEY_WORDS) if (key.includes(word)) return true;
  for (const prefix of SENSITIVE_KEY_PREFIXES) if (key.startsWith(prefix)) return true;
  return (
    key.endsWith('key') ||
    key.endsWith('_sig') ||
    key.endsWith('-sig') ||
    key.endsWith('_pwd') ||
    key.endsWith('_code')
  );
}
