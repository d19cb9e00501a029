/** What kind of thing a dependency is. */
export type DependencyKind = 'http' | 'database' | 'cache' | 'messaging' | 'other';

/** One finished outgoing call (a CLIENT or PRODUCER span), as the store records it. */
export interface CallRecord {
  /** When the call finished, in epoch milliseconds. */
  readonly timestampMs: number;
  /** The call's duration in milliseconds. */
  readonly durationMs: number;
  /** What kind of dependency it went to. */
  readonly kind: DependencyKind;
  /** `http`, or the `db.system(.name)` / messaging system: `postgresql`, `mysql`, `redis`, `mongodb`, … */
  readonly system: string;
  /** The dependency, unique and readable: `127.0.0.1:4000` (http), `postgresql app` (database and namespace, else address:port), `redis 127.0.0.1:6379` (cache). */
  readonly dependency: string;
  /** What was done: the HTTP method, `SELECT users` (database operation and collection), `GET` (cache command). */
  readonly operation: string;
  /** The statement with every literal masked (`normalizeStatement`); absent for HTTP and when the span has none. */
  readonly statement?: string | undefined;
  /** Span status ERROR, or an HTTP response status >= 500, or no response at all. */
  readonly error: boolean;
  /** `error.type`, else the exception's class, else `HTTP <status>`; only when `error`. */
  readonly errorType?: string | undefined;
  /** The HTTP response status, when there was one. */
  readonly statusCode?: number | undefined;
  /** Trace id of the span (`''` when invalid). */
  readonly traceId: string;
  /** Span id of the span. */
  readonly spanId: string;
  /**
   * Span id of its parent: a SERVER span takes its direct children for sure;
   * `''` for a root span, which no request made (unattributed at once);
   * absent when not known. Added by i23-store (additive).
   */
  readonly parentSpanId?: string | undefined;
  /** `service.name` of the process that made the call; absent: the store's local identity. */
  readonly service?: string | undefined;
  /** Instance id of that process; absent: the store's local one. */
  readonly instance?: string | undefined;
}
