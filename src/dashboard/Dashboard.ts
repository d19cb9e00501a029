import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_PATH } from '../cluster/InstanceReporter.js';
import type { InstanceStatusBoard } from '../cluster/InstanceStatusBoard.js';
import { parseInstanceStatus } from '../cluster/parseInstanceStatus.js';
import type { InternalErrors } from '../guard/InternalErrors.js';
import { tokenCheck } from '../http/dashboardAuth.js';
import {
  BadRequestError,
  HttpError,
  MethodNotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
  UnsupportedMediaTypeError,
} from '../http/httpErrors.js';
import type { OtlpReceiver } from '../receiver/OtlpReceiver.js';
import { readBoundedBody } from '../receiver/readBoundedBody.js';
import type { MetricsHandler } from '../reportInputs/MetricsHandler.js';
import type { RequestStore } from '../store/RequestStore.js';
import { type DashboardPaths, pathBelow, pathnameOf } from './dashboardPaths.js';
import { compareOf, type DrilldownDependencies, drilldownRoute } from './drilldownRoutes.js';
import { type PageAsset, type PageAssets, renderPage } from './pageAssets.js';
import { parsePeriod } from './parsePeriod.js';
import { parseSlowestParams } from './parseSlowestParams.js';
import { parseSourceFilter } from './parseSourceFilter.js';
import { errorsQuery } from './queries/errorsQuery.js';
import { latencyQuery } from './queries/latencyQuery.js';
import { type OverviewContext, overviewQuery } from './queries/overviewQuery.js';
import { requestsQuery } from './queries/requestsQuery.js';
import { saturationQuery } from './queries/saturationQuery.js';
import { slowestQuery } from './queries/slowestQuery.js';

/**
 * The page's policy: everything from this origin, no inline script or style,
 * no plugins, no framing, no `<base>` games.
 */
export const PAGE_CONTENT_SECURITY_POLICY =
  "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Methods the dashboard answers. */
const ALLOWED = ['GET', 'HEAD'];

/** What the dashboard reads; it reaches for nothing else. */
export interface DashboardDependencies {
  /** Undefined when the in-memory exporter is off: the JSON routes answer 503. */
  readonly store: RequestStore | undefined;
  /** The configured trace exporters, for the 503 message. */
  readonly tracesExporters: readonly string[];
  /** Live figures that do not come from the store. */
  readonly context: () => OverviewContext;
  /** Serves the Prometheus text; undefined when `prometheus` is not configured: 503. */
  readonly metricsHandler: MetricsHandler | undefined;
  /** The configured metric exporters, for the 503 message. */
  readonly metricsExporters: readonly string[];
  /** When set, every dashboard path needs it (Bearer, or the Basic password). */
  readonly dashboardToken?: string | undefined;
  /** The page's files; read once, on the first page request, when not given. */
  readonly assets: () => PageAssets;
  /** Serves `POST <prefix>/v1/traces` (and `/v1/traces` on the own port); none: those paths are not the dashboard's. */
  readonly receiver?: OtlpReceiver | undefined;
  /** The forwarding workers' statuses, served at `POST <prefix>/v1/instance-status`; with the receiver. */
  readonly instanceStatus?: InstanceStatusBoard | undefined;
  /** In flight, recent traces, SLOs: `/inflight`, `/traces`, `/slo`; none: those paths are 404. */
  readonly drilldown?: DrilldownDependencies | undefined;
  /** Takes a saturation sample now, so `/saturation` includes the peak in flight since the last one. */
  readonly sampleSaturation?: (() => void) | undefined;
  /** Counts what answered 500 or could not be answered (`dashboard.request`). */
  readonly guard?: InternalErrors | undefined;
}

/** The OTLP/HTTP traces path, below a mount's prefix (and at the root of the own port). */
export const TRACES_PATH = '/v1/traces';
export { STATUS_PATH };

/** Largest instance status body: a few hundred bytes in practice. */
const MAX_STATUS_BYTES = 16_384;

type Query = URLSearchParams;

/**
 * The dashboard as one framework-agnostic handler over Node's request and
 * response: the page and its assets, the JSON API (`overview`, `requests`,
 * `latency`, `errors`) and Prometheus `/metrics`, at the paths of a mount.
 * Errors are JSON `{ "error": … }` with the right status; nothing it serves
 * is cached by a browser or sniffed as another type. The adapters
 * (node:http, Koa, Express, Fastify) are thin wrappers over {@link serve}.
 */
export class Dashboard {
  private readonly checkToken:
    | ((authorization: string | undefined) => HttpError | undefined)
    | undefined;
  private assets: PageAssets | undefined;
  /** The page rendered for each prefix it is mounted under (a handful at most). */
  private readonly pages = new Map<string, PageAsset>();

  constructor(private readonly deps: DashboardDependencies) {
    this.checkToken =
      deps.dashboardToken === undefined ? undefined : tokenCheck(deps.dashboardToken);
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
    if (!isMetrics && below === undefined) return false;
    // The receiver checks the token and method itself, to answer in OTLP's terms.
    if (below === TRACES_PATH) return this.receiveTraces(req, res);
    if (below === STATUS_PATH) return this.receiveStatus(req, res);
    try {
      const denied = this.checkToken?.(req.headers.authorization);
      if (denied !== undefined) throw denied;
      const method = req.method ?? 'GET';
      if (!ALLOWED.includes(method)) throw new MethodNotAllowedError(ALLOWED);
      if (isMetrics) this.metrics(req, res);
      else this.route(req, res, below ?? '', paths.prefix, new URLSearchParams(queryOf(url)));
    } catch (err) {
      this.failed(req, res, err);
    }
    return true;
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

  /**
   * Hands an OTLP/HTTP trace export to the receiver and returns true; returns
   * false, touching nothing, when there is no receiver.
   */
  receiveTraces(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.deps.receiver === undefined) return false;
    this.deps.receiver.serve(req, res);
    return true;
  }

  /**
   * Takes a forwarding worker's {@link InstanceStatus} (`POST /v1/instance-status`,
   * JSON) and returns true; returns false, touching nothing, when this
   * dashboard has no receiver. Answers 204, or a JSON error: 401, 405,
   * 413, 415, 400.
   */
  receiveStatus(req: IncomingMessage, res: ServerResponse): boolean {
    const board = this.deps.instanceStatus;
    if (board === undefined) return false;
    void this.acceptStatus(req, res, board).catch((err: unknown) => this.failed(req, res, err));
    return true;
  }

  private async acceptStatus(
    req: IncomingMessage,
    res: ServerResponse,
    board: InstanceStatusBoard,
  ): Promise<void> {
    try {
      const denied = this.checkToken?.(req.headers.authorization);
      if (denied !== undefined) throw denied;
      if (req.method !== 'POST') throw new MethodNotAllowedError(['POST']);
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/json') {
        throw new UnsupportedMediaTypeError('Content-Type must be application/json');
      }
      const body = await readBoundedBody(req, {
        maxBytes: MAX_STATUS_BYTES,
        timeoutMs: 5_000,
        gzip: false,
      });
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw new BadRequestError('the body is not JSON');
      }
      const status = parseInstanceStatus(parsed);
      if (typeof status === 'string') throw new BadRequestError(status);
      board.accept(status, Date.now());
      res.statusCode = 204;
      res.end();
    } catch (err) {
      if (!res.headersSent) res.setHeader('Connection', 'close');
      this.failed(req, res, err);
    }
  }

  private metrics(req: IncomingMessage, res: ServerResponse): void {
    const { metricsHandler } = this.deps;
    if (metricsHandler === undefined) {
      throw new ServiceUnavailableError(
        `Prometheus exporter disabled (OTEL_METRICS_EXPORTER=${this.deps.metricsExporters.join(',')})`,
      );
    }
    metricsHandler(req, res);
  }

  private route(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    prefix: string,
    query: Query,
  ): void {
    switch (path) {
      case '':
      case '/':
        sendAsset(req, res, this.page(prefix));
        return;
      case '/overview': {
        const filter = parseSourceFilter(query);
        sendJson(req, res, overviewQuery(this.store(), this.deps.context(), filter));
        return;
      }
      case '/requests': {
        const period = periodOf(query, '1h');
        const filter = parseSourceFilter(query);
        const store = this.store();
        const compare = compareOf(query, store, period.ms);
        const report = requestsQuery(store, period.text, period.ms, filter);
        sendJson(req, res, compare === undefined ? report : { ...report, compare });
        return;
      }
      case '/latency': {
        const period = periodOf(query, '1h');
        const filter = parseSourceFilter(query);
        sendJson(req, res, latencyQuery(this.store(), period.text, period.ms, filter));
        return;
      }
      case '/errors': {
        const period = periodOf(query, '24h');
        const filter = parseSourceFilter(query);
        sendJson(req, res, errorsQuery(this.store(), period.text, period.ms, filter));
        return;
      }
      case '/slowest': {
        const period = periodOf(query, '1h');
        const filter = parseSourceFilter(query);
        const { endpoint, limit } = parseSlowestParams(query);
        const store = this.store();
        sendJson(req, res, slowestQuery(store, period.text, period.ms, endpoint, limit, filter));
        return;
      }
      case '/saturation': {
        const period = periodOf(query, '1h');
        const filter = parseSourceFilter(query);
        const store = this.store();
        this.deps.sampleSaturation?.();
        sendJson(req, res, saturationQuery(store, period.text, period.ms, filter));
        return;
      }
    }
    const drill =
      this.deps.drilldown === undefined
        ? undefined
        : drilldownRoute(path, query, this.deps.drilldown, () => this.store());
    if (drill !== undefined) {
      sendJson(req, res, drill.body, drill.status);
      return;
    }
    if (path.startsWith('/assets/')) {
      const name = path.slice('/assets/'.length);
      const asset = this.loadedAssets().byName.get(name);
      if (asset === undefined) {
        throw new NotFoundError(`No dashboard asset named ${name}`.slice(0, 200));
      }
      sendAsset(req, res, asset);
      return;
    }
    throw new NotFoundError(`No dashboard route ${path}`.slice(0, 200));
  }

  private store(): RequestStore {
    if (this.deps.store !== undefined) return this.deps.store;
    throw new ServiceUnavailableError(
      `in-memory exporter disabled (OTEL_TRACES_EXPORTER=${this.deps.tracesExporters.join(',')})`,
    );
  }

  private loadedAssets(): PageAssets {
    this.assets ??= this.deps.assets();
    return this.assets;
  }

  private page(prefix: string): PageAsset {
    let page = this.pages.get(prefix);
    if (page === undefined) {
      page = renderPage(this.loadedAssets().html, prefix);
      this.pages.set(prefix, page);
    }
    return page;
  }
}

function queryOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? '' : url.slice(q + 1);
}

function periodOf(query: Query, fallback: string) {
  const values = query.getAll('period');
  return parsePeriod(values.length > 1 ? values : values[0], fallback);
}

function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

function sendJson(req: IncomingMessage, res: ServerResponse, body: unknown, status = 200): void {
  const text = JSON.stringify(body);
  setCommonHeaders(res);
  // The figures are live and may be sensitive: never cached.
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.statusCode = status;
  res.end(req.method === 'HEAD' ? undefined : text);
}

function sendAsset(req: IncomingMessage, res: ServerResponse, asset: PageAsset): void {
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
function sendError(req: IncomingMessage, res: ServerResponse, err: unknown): void {
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
