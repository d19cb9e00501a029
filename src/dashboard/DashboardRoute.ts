import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DashboardDependencies } from './DashboardDependencies.js';
import type { PageAsset } from './pageAssets.js';
import type { RouteInput } from './RouteInput.js';

/** The methods every reading route answers. */
export const READ_METHODS: readonly string[] = ['GET', 'HEAD'];

/** The path of a route at the mount's `metricsPath` rather than below its prefix. */
export const METRICS_PATH: unique symbol = Symbol('metricsPath');

/** A JSON answer whose status is not 200 (a reading route's answer is otherwise its body). */
export class JsonAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/** A handler of a request body; it writes the whole response. */
export type IngestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** A reading route answered as JSON: its answer is the body, or a {@link JsonAnswer}. */
export interface JsonRoute {
  readonly kind: 'json';
  readonly path: string;
  readonly methods: readonly string[];
  readonly answer: (input: RouteInput) => unknown;
}

/** A reading route answered with one of the page's files (ETag, CSP, revalidated). */
export interface AssetRoute {
  readonly kind: 'asset';
  readonly path: string;
  readonly methods: readonly string[];
  readonly answer: (input: RouteInput) => PageAsset;
}

/** A reading route whose answer writes the response itself (the Prometheus text). */
export interface StreamRoute {
  readonly kind: 'stream';
  readonly path: string | typeof METRICS_PATH;
  readonly methods: readonly string[];
  readonly answer: (input: RouteInput) => void;
}

/**
 * A route that takes a request body; served below the prefix and, on the
 * own port, at the root. When `handler` gives none the path is not the
 * dashboard's at all (the app's router sees it).
 */
export interface IngestRoute {
  readonly kind: 'ingest';
  readonly path: string;
  /** Methods allowed, checked by the dashboard; empty: the handler checks them itself. */
  readonly methods: readonly string[];
  /** Whether the dashboard checks the token, or the handler does (to answer in its protocol's terms). */
  readonly auth: 'dashboard' | 'handler';
  readonly handler: (deps: DashboardDependencies) => IngestHandler | undefined;
}

/**
 * One line of the route table. `path` is below the mount's prefix: exact
 * (`/overview`), or ending in `/:name`, which takes the whole rest of the
 * path, slashes included, possibly empty (`/traces/:id`).
 */
export type DashboardRoute = ReadingRoute | IngestRoute;

/** A route that reads: `GET` and `HEAD`, no body. */
export type ReadingRoute = JsonRoute | AssetRoute | StreamRoute;

/** `GET`/`HEAD` `path` answered as JSON by `answer`. */
export function json(path: string, answer: JsonRoute['answer']): JsonRoute {
  return { kind: 'json', path, methods: READ_METHODS, answer };
}

/** `GET`/`HEAD` `path` answered with the page's file that `answer` names. */
export function asset(path: string, answer: AssetRoute['answer']): AssetRoute {
  return { kind: 'asset', path, methods: READ_METHODS, answer };
}

/** `GET`/`HEAD` `path`, whose `answer` writes the response itself. */
export function stream(path: StreamRoute['path'], answer: StreamRoute['answer']): StreamRoute {
  return { kind: 'stream', path, methods: READ_METHODS, answer };
}

/** A body-taking `path`, served by the handler the dependencies have, if any. */
export function ingest(
  path: string,
  methods: readonly string[],
  auth: IngestRoute['auth'],
  handler: IngestRoute['handler'],
): IngestRoute {
  return { kind: 'ingest', path, methods, auth, handler };
}
