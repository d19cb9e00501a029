import Router from '@koa/router';
import type { Context } from 'koa';
import { NotFoundError } from '../http/httpErrors.js';
import { loadPageAssets, type PageAsset, type PageAssets } from './pageAssets.js';

/**
 * The page's policy: everything from this origin, no inline script or style,
 * no plugins, no framing, no `<base>` games.
 */
export const PAGE_CONTENT_SECURITY_POLICY =
  "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function send(ctx: Context, asset: PageAsset): void {
  ctx.set('Content-Security-Policy', PAGE_CONTENT_SECURITY_POLICY);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Referrer-Policy', 'no-referrer');
  // Revalidate every time (a cheap 304), so a rebuilt page never mixes with stale modules.
  ctx.set('Cache-Control', 'no-cache');
  ctx.status = 200;
  ctx.type = asset.contentType;
  ctx.etag = asset.etag;
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.body = asset.body;
}

/**
 * `GET /dashboard`, the page, and `GET /dashboard/assets/<name>`, the files
 * it loads, from the closed set in {@link PageAssets}; any other name is a 404.
 */
export function pageRouter(assets: PageAssets = loadPageAssets()): Router {
  const router = new Router({ sensitive: true });
  router.get('/dashboard', (ctx) => send(ctx, assets.html));
  router.get('/dashboard/assets/:name', (ctx) => {
    const asset = assets.byName.get(ctx.params.name ?? '');
    if (asset === undefined) {
      throw new NotFoundError(`No dashboard asset named ${ctx.params.name}`.slice(0, 200));
    }
    send(ctx, asset);
  });
  return router;
}
