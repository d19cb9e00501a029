import type { IncomingMessage, ServerResponse } from 'node:http';
import { tokenCheck } from '../http/dashboardAuth.js';
import { HttpError, MethodNotAllowedError, NotFoundError } from '../http/httpErrors.js';
import type { DashboardDependencies } from './DashboardDependencies.js';
import {
  type DashboardRoute,
  type IngestHandler,
  type IngestRoute,
  JsonAnswer,
  METRICS_PATH,
  READ_METHODS,
  type ReadingRoute,
} from './DashboardRoute.js';
import { type DashboardPaths, pathBelow, pathnameOf } from './dashboardPaths.js';
import { sendAsset, sendError, sendJson } from './dashboardResponses.js';
import { DASHBOARD_ROUTES } from './dashboardRoutes.js';
import { matchRoute } from './matchRoute.js';
import { PageCache } from './PageCache.js';
import { RouteInput } from './RouteInput.js';

export type { DashboardDependencies } from './DashboardDependencies.js';

/**
 * The dashboard as one framework-agnostic handler over Node's request and
 * response: it authenticates, matches the route table
 * ({@link DASHBOARD_ROUTES}: the page and its assets, the JSON API,
 * Prometheus `/metrics`, the OTLP receiver and the instance statuses), runs
 * the route and renders every failure through one error path, as JSON
 * `{ "error": … }` with the right status; nothing it serves is cached by a
 * browser or sniffed as another type. The adapters (node:http, Koa,
 * Express, Fastify) are thin wrappers over {@link serve}.
 */
export class Dashboard {
  private readonly checkToken:
    | ((authorization: string | undefined) => HttpError | undefined)
    | undefined;
  private readonly pages: PageCache;

  constructor(
    private readonly deps: DashboardDependencies,
    private readonly routes: readonly DashboardRoute[] = DASHBOARD_ROUTES,
  ) {
    this.checkToken =
      deps.dashboardToken === undefined ? undefined : tokenCheck(deps.dashboardToken);
    this.pages = new PageCache(deps.assets);
  }

  /**
   * Answers the request when its path is one of the mount's, and returns
   * true; returns false, touching nothing, for any other path.
   */
  serve(
    req: IncomingMessage,
    res: ServerResponse,
    paths: DashboardPaths,
    url: string = req.url ?? '/',
  ): boolean {
    const pathname = pathnameOf(url);
    const isMetrics = pathname === paths.metricsPath;
    const below = isMetrics ? undefined : pathBelow(pathname, paths.prefix);
    if (below === undefined && !isMetrics) return false;
    const match = matchRoute(this.routes, below ?? METRICS_PATH);
    const route = match?.route;
    if (route?.kind === 'ingest') return this.ingest(route, req, res);
    try {
      this.authorize(req, route?.methods ?? READ_METHODS);
      if (route === undefined) throw new NotFoundError(`No dashboard route ${below}`.slice(0, 200));
      const query = new URLSearchParams(queryOf(url));
      const matched = {
        req,
        res,
        query,
        param: match?.param ?? '',
        path: below ?? '',
        prefix: paths.prefix,
      };
      this.answer(route, new RouteInput(matched, this.deps, this.pages));
    } catch (err) {
      this.failed(req, res, err);
    }
    return true;
  }

  /**
   * Serves a body-taking route (`/v1/traces`, `/v1/instance-status`) at
   * the root of the own port and returns true; returns false, touching
   * nothing, for another path or one this dashboard has no handler for.
   */
  serveIngest(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
    const match = matchRoute(this.routes, pathname);
    return match?.route.kind === 'ingest' && this.ingest(match.route, req, res);
  }

  private answer(route: ReadingRoute, input: RouteInput): void {
    const { req, res } = input;
    if (route.kind === 'asset') {
      sendAsset(req, res, route.answer(input));
      return;
    }
    if (route.kind === 'stream') {
      route.answer(input);
      return;
    }
    const out = route.answer(input);
    // An answer over an engine comes later; its failure takes the same error path.
    if (out instanceof Promise) {
      out.then(
        (body: unknown) => this.send(req, res, body),
        (err: unknown) => this.failed(req, res, err),
      );
      return;
    }
    this.send(req, res, out);
  }

  private send(req: IncomingMessage, res: ServerResponse, out: unknown): void {
    if (out instanceof JsonAnswer) sendJson(req, res, out.body, out.status);
    else sendJson(req, res, out);
  }

  /** Throws the 401 of a missing or wrong token, then the 405 of a method the route does not take. */
  private authorize(req: IncomingMessage, methods: readonly string[]): void {
    const denied = this.checkToken?.(req.headers.authorization);
    if (denied !== undefined) throw denied;
    const method = req.method ?? 'GET';
    if (!methods.includes(method)) throw new MethodNotAllowedError(methods);
  }

  private ingest(route: IngestRoute, req: IncomingMessage, res: ServerResponse): boolean {
    const handler = route.handler(this.deps);
    if (handler === undefined) return false;
    if (route.auth === 'handler') {
      const done = handler(req, res);
      if (done !== undefined) done.catch((err: unknown) => this.failed(req, res, err));
    } else {
      void this.accept(route, handler, req, res).catch((err: unknown) =>
        this.failed(req, res, err),
      );
    }
    return true;
  }

  private async accept(
    route: IngestRoute,
    handler: IngestHandler,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    try {
      this.authorize(req, route.methods);
      await handler(req, res);
    } catch (err) {
      // The body may be unread: the connection cannot carry another request.
      if (!res.headersSent) res.setHeader('Connection', 'close');
      this.failed(req, res, err);
    }
  }

  /** The one error path: a typed error is answered; anything else is counted too, and never thrown. */
  private failed(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    if (!(err instanceof HttpError)) this.deps.guard?.record('dashboard.request', err);
    try {
      sendError(req, res, err);
    } catch (sendErr) {
      this.deps.guard?.record('dashboard.request', sendErr);
      res.destroy();
    }
  }
}

function queryOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? '' : url.slice(q + 1);
}
