import type { IncomingMessage, ServerResponse } from 'node:http';
import { NotFoundError, ServiceUnavailableError } from '../http/httpErrors.js';
import type { LiveRequests } from '../inflight/LiveRequests.js';
import type { MetricsHandler } from '../reportInputs/MetricsHandler.js';
import type { RequestStore } from '../store/RequestStore.js';
import type { DashboardDependencies } from './DashboardDependencies.js';
import type { DrillDownDependencies } from './DrillDownDependencies.js';
import type { PageCache } from './PageCache.js';
import type { PageAsset } from './pageAssets.js';

/** The request as the route table matched it. */
export interface MatchedRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The query string's parameters. */
  readonly query: URLSearchParams;
  /** The rest of the path a `/:name` pattern took; `''` for an exact path. */
  readonly param: string;
  /** The path matched, below the prefix (for the 404 of a route this dashboard lacks). */
  readonly path: string;
  /** The mount's prefix, which the page is rendered for. */
  readonly prefix: string;
}

/**
 * What a route's answer is given: the request, its query and path
 * parameter, and the dependencies, each reached through an accessor that
 * throws the typed error a missing one answers (503, or 404).
 */
export class RouteInput implements MatchedRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly query: URLSearchParams;
  readonly param: string;
  readonly path: string;
  readonly prefix: string;

  constructor(
    matched: MatchedRequest,
    readonly deps: DashboardDependencies,
    private readonly pages: PageCache,
  ) {
    this.req = matched.req;
    this.res = matched.res;
    this.query = matched.query;
    this.param = matched.param;
    this.path = matched.path;
    this.prefix = matched.prefix;
  }

  /** The same request over another store: an engine's window, filled for this answer. */
  withStore(store: RequestStore): RouteInput {
    return new RouteInput(this, { ...this.deps, store }, this.pages);
  }

  /** The store; 503 naming the trace exporters when the in-memory one is off. */
  store(): RequestStore {
    if (this.deps.store !== undefined) return this.deps.store;
    throw new ServiceUnavailableError(
      `in-memory exporter disabled (OTEL_TRACES_EXPORTER=${this.deps.tracesExporters.join(',')})`,
    );
  }

  /** The drill-down's dependencies; without them its routes do not exist (404). */
  drillDown(): DrillDownDependencies {
    if (this.deps.drillDown !== undefined) return this.deps.drillDown;
    throw new NotFoundError(`No dashboard route ${this.path}`.slice(0, 200));
  }

  /** The in-flight list and trace ring; 503 when no span processor feeds them. */
  live(): LiveRequests {
    const { live } = this.drillDown();
    if (live !== undefined) return live;
    throw new ServiceUnavailableError('no span processor feeds the in-flight list and trace view');
  }

  /** The Prometheus text's handler; 503 naming the metric exporters when `prometheus` is off. */
  metricsHandler(): MetricsHandler {
    if (this.deps.metricsHandler !== undefined) return this.deps.metricsHandler;
    throw new ServiceUnavailableError(
      `Prometheus exporter disabled (OTEL_METRICS_EXPORTER=${this.deps.metricsExporters.join(',')})`,
    );
  }

  /** The page, rendered for this mount's prefix. */
  page(): PageAsset {
    return this.pages.page(this.prefix);
  }

  /** One of the page's files by name; 404 when there is none. */
  asset(name: string): PageAsset {
    const found = this.pages.asset(name);
    if (found === undefined)
      throw new NotFoundError(`No dashboard asset named ${name}`.slice(0, 200));
    return found;
  }
}
