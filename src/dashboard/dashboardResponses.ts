import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from '../http/httpErrors.js';
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

/** Writes `body` as JSON, never cached; no body for `HEAD`. */
export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  status = 200,
): void {
  const text = JSON.stringify(body);
  setCommonHeaders(res);
  // The figures are live and may be sensitive: never cached.
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.statusCode = status;
  res.end(req.method === 'HEAD' ? undefined : text);
}

/** Writes one of the page's files under the page's policy, or a 304 when the ETag matches. */
export function sendAsset(req: IncomingMessage, res: ServerResponse, asset: PageAsset): void {
  setCommonHeaders(res);
  res.setHeader('Content-Security-Policy', PAGE_CONTENT_SECURITY_POLICY);
  res.setHeader('Referrer-Policy', 'no-referrer');
  // Revalidate every time (a cheap 304), so a rebuilt page never mixes with stale modules.
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('ETag', asset.etag);
  const match = req.headers['if-none-match'];
  if (match?.split(',').some((tag) => tag.trim() === asset.etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.setHeader('Content-Type', asset.contentType);
  res.setHeader('Content-Length', asset.body.length);
  res.statusCode = 200;
  res.end(req.method === 'HEAD' ? undefined : asset.body);
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
  sendJson(req, res, { error: message }, status);
}
