import type { Context, Middleware } from 'koa';
import bodyParser from 'koa-bodyparser';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from './httpErrors.js';

/** Largest body read, in bytes (after gzip or deflate are undone). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json$/;
const UTF8 = /^utf-?8$/i;

/**
 * `koa-bodyparser` for JSON only, with every failure typed: 415 for a content
 * type other than JSON or a charset other than UTF-8, 413 past
 * {@link BODY_LIMIT_BYTES}, 400 for malformed or empty JSON, a body that does
 * not decompress, or a Content-Length that does not match.
 * `__proto__` keys are removed while parsing, so they cannot pollute anything.
 * Leaves whatever JSON value was sent in `ctx.request.body`; the route
 * validates its shape.
 */
export function jsonBodyParser(): Middleware {
  // koa-bodyparser copies unknown options through to co-body, which reads onProtoPoisoning.
  const options: bodyParser.Options & { onProtoPoisoning: 'remove' } = {
    enableTypes: ['json'],
    jsonLimit: `${BODY_LIMIT_BYTES}b`,
    // Bare scalars parse, so the route answers them 422 rather than 400.
    strict: false,
    // assertJsonUtf8 has already accepted the type. koa-bodyparser's own match
    // (type-is over a fixed list) skips other +json types and Content-Types
    // whose parameters do not parse, and would leave `{}` for them.
    detectJSON: () => true,
    onProtoPoisoning: 'remove',
    onerror: (err) => {
      throw translate(err);
    },
  };
  const parse = bodyParser(options);
  return async (ctx, next) => {
    assertJsonUtf8(ctx);
    await parse(ctx, () => {
      // With strict off, co-body hands an empty body through as ''.
      if (ctx.request.body === '')
        throw new BadRequestError('Request body is empty; expected JSON');
      return next();
    });
  };
}

/**
 * koa-bodyparser leaves `{}` for a type it does not parse, which cannot be
 * told from a sent `{}`, and decodes every body as UTF-8 whatever its
 * charset; so both are refused here, before it reads anything.
 */
function assertJsonUtf8(ctx: Context): void {
  const type = ctx.request.type;
  if (!JSON_TYPE.test(type)) {
    throw new UnsupportedMediaTypeError(
      `Content-Type must be application/json, got: ${type === '' ? '(none)' : type.slice(0, 100)}`,
    );
  }
  const charset = ctx.request.charset;
  if (charset !== '' && !UTF8.test(charset)) {
    throw new UnsupportedMediaTypeError(`charset must be utf-8, got: ${charset.slice(0, 50)}`);
  }
}

function translate(err: unknown): unknown {
  const { type, status } = (err ?? {}) as { type?: unknown; status?: unknown };
  if (type === 'entity.too.large') return new PayloadTooLargeError(BODY_LIMIT_BYTES);
  // `inflation` marks an unknown Content-Encoding with status 415 and no type.
  if (type === 'encoding.unsupported' || type === 'charset.unsupported' || status === 415) {
    return new UnsupportedMediaTypeError('Unsupported Content-Encoding or charset');
  }
  if (type === 'request.size.invalid') {
    return new BadRequestError('Request body length does not match Content-Length');
  }
  if (type === 'request.aborted') return new BadRequestError('Request aborted');
  if (err instanceof SyntaxError) return new BadRequestError('Malformed JSON body');
  // Anything else here came from reading or inflating what the client sent
  // (a corrupt gzip or brotli stream, nesting too deep to parse): a 400.
  if (typeof status === 'number' && status >= 500) return err;
  return new BadRequestError('Unreadable request body');
}
