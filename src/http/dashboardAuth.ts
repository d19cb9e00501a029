import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError } from './httpErrors.js';

/** 401: the dashboard needs the token. */
export class UnauthorizedError extends HttpError {
  override name = 'UnauthorizedError';
  constructor(message: string) {
    super(401, message, { 'WWW-Authenticate': 'Basic realm="golden-signals", charset="UTF-8"' });
  }
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** The secret the request presents: a Bearer token, or the password of Basic auth. */
function presented(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const space = header.indexOf(' ');
  if (space === -1) return undefined;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'bearer') return value;
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon === -1 ? undefined : decoded.slice(colon + 1);
  }
  return undefined;
}

/**
 * Checks the token a request presents against `token`: `Authorization:
 * Bearer <token>`, or HTTP Basic with the token as the password (any user
 * name) so that browsers prompt natively. Comparison is constant-time
 * (SHA-256 digests of equal length through `timingSafeEqual`). Returns the
 * 401 to send, or undefined when the token matches.
 */
export function tokenCheck(
  token: string,
): (authorization: string | undefined) => UnauthorizedError | undefined {
  const expected = digest(token);
  return (authorization) => {
    const secret = presented(authorization || undefined);
    if (secret === undefined) {
      return new UnauthorizedError('Authentication required: Bearer token or Basic password');
    }
    return timingSafeEqual(digest(secret), expected)
      ? undefined
      : new UnauthorizedError('Invalid token');
  };
}
