/** One finished request, as the store records it. Built by the telemetry adapter. */
export interface RequestRecord {
  /** When the request finished, in epoch milliseconds. */
  readonly timestampMs: number;
  /** Server-side duration in milliseconds. */
  readonly durationMs: number;
  /** Route template (`/users/:id`), or a fixed name such as `unmatched`; never a raw path. */
  readonly endpoint: string;
  /** HTTP method, upper case. */
  readonly method: string;
  /** `service.name` of the process that served it; absent: the store's local identity. */
  readonly service?: string | undefined;
  /** Instance id of that process (`service.instance.id`, else `host:pid`); absent: the store's local one. */
  readonly instance?: string | undefined;
  /** HTTP status code sent to the client. */
  readonly statusCode: number;
  /** Error class for status >= 400 (`ValidationError`, `ModelError`); none: the queries report it as `HTTP <status>`. */
  readonly errorType?: string | undefined;
  /** Error message for the recent-error list; truncated by the store. */
  readonly errorMessage?: string | undefined;
  /** Trace id of the server span (every request's: errors and exemplars link to it), `''` when invalid. */
  readonly traceId?: string | undefined;
  /** Span id of the server span, `''` when invalid: exemplars keep it beside the trace id. */
  readonly spanId?: string | undefined;
}
