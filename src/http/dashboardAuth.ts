import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { HttpError } from './httpErrors.js';

/** 401: the dashboard needs the token. */
export class UnauthorizedError extends HttpError {
  override name = 'UnauthorizedError';
  constructor(message: string) {
    super(401, message, { 'WWW-Authenticate': 'Basic realm="golden-signals", charset="UTF-8"' });
  }
}

/** Path prefixes the token protects. */
const PROTECTED = ['/dashboard', '/metrics'];

function isProtected(path: string): boolean {
  return PROTECTED.some(
    (prefix) => path === prefix || (path.startsWith(prefix) && path[prefix.length] === '/'),
  );
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
 * Locks `/dashboard*` and `/metrics` behind a token: `Authorization: Bearer
 * <token>`, or HTTP Basic with the token as the password (any user name) so
 * that browsers prompt natively. Comparison is constant-time (SHA-256 digests
 * of equal length through `timingSafeEqual`). Other paths pass untouched.
 * Without a token configured, this middleware is not installed at all.
 */
export function dashboardAuth(token: string): Middleware {
  const expected = digest(token);
  return async (ctx, next) => {
    if (!isProtected(ctx.path)) return next();
    const secret = presented(ctx.get('Authorization') || undefined);
    if (secret === undefined) {
      throw new UnauthorizedError('Authentication required: Bearer token or Basic password');
    }
    if (!timingSafeEqual(digest(secret), expected)) {
      throw new UnauthorizedError('Invalid token');
    }
    return next();
  };
}
