import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzip } from 'node:zlib';
import { HttpError, UpstreamError } from '../http/httpErrors.js';
import { acceptsGzip, MIN_GZIP_BYTES } from './contentEncoding.js';
import type { PageAsset } from './pageAssets.js';

/**
 * The page's policy: everything from this origin, no inline script or style,
 * no plugins, no framing, no `<base>` games.
 */
export const PAGE_CONTENT_SECURITY_POLICY =
  "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

/**
 * Writes `body` as JSON, never cached; gzipped (off the event loop) when
 * the client takes gzip and the body is large enough; no body for `HEAD`.
 */
export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  status = 200,
): void {
  const text = Buffer.from(JSON.stringify(body), 'utf8');
  setCommonHeaders(res);
  // The figures are live and may be sensitive: never cached.
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Vary', 'Accept-Encoding');
  res.statusCode = status;
  if (text.length < MIN_GZIP_BYTES || !acceptsGzip(req.headers)) {
    endWith(req, res, text);
    return;
  }
  gzip(text, (err, gz) => {
    try {
      if (err === null) res.setHeader('Content-Encoding', 'gzip');
      endWith(req, res, err === null ? gz : text);
    } catch {
      // The client went away between the two (headers already sent): nothing to answer.
      res.destroy();
    }
  });
}

function endWith(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  res.setHeader('Content-Length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Writes one of the page's files under the page's policy (gzipped when the
 * client takes it), or a 304 when the ETag of that representation matches.
 */
export function sendAsset(req: IncomingMessage, res: ServerResponse, asset: PageAsset): void {
  setCommonHeaders(res);
  res.setHeader('Content-Security-Policy', PAGE_CONTENT_SECURITY_POLICY);
  res.setHeader('Referrer-Policy', 'no-referrer');
  // Revalidate every time (a cheap 304), so a rebuilt page never mixes with stale modules.
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Vary', 'Accept-Encoding');
  const chosen = asset.gzip !== undefined && acceptsGzip(req.headers) ? asset.gzip : undefined;
  // Either representation's tag names the same file: the client can read the one it holds.
  const held = req.headers['if-none-match']
    ?.split(',')
    .map((tag) => tag.trim())
    .find((tag) => tag === asset.etag || tag === asset.gzip?.etag);
  res.setHeader('ETag', held ?? chosen?.etag ?? asset.etag);
  if (held !== undefined) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.setHeader('Content-Type', asset.contentType);
  if (chosen !== undefined) res.setHeader('Content-Encoding', 'gzip');
  res.statusCode = 200;
  endWith(req, res, chosen?.body ?? asset.body);
}

/** The one error path of the dashboard: typed errors keep their status and message; others are a bare 500. */
export function sendError(req: IncomingMessage, res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const known = err instanceof HttpError ? err : undefined;
  const status = known?.status ?? 500;
  for (const [name, value] of Object.entries(known?.headers ?? {})) res.setHeader(name, value);
  const message = known?.expose === true ? known.message : 'Internal server error';
  const code = err instanceof UpstreamError ? { code: err.code } : undefined;
  sendJson(req, res, { error: message, ...code }, status);
}
