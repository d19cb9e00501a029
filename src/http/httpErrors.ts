/**
 * Typed HTTP errors. Routes throw these; the one error middleware renders
 * them. `expose` is true only for 4xx, as in Koa: a 5xx message never
 * reaches a client. `name` becomes the span's `error.type`.
 */
export class HttpError extends Error {
  /** Whether the message may be shown to the client. */
  readonly expose: boolean;

  constructor(
    /** HTTP status code, 400–599. */
    readonly status: number,
    message: string,
    /** Response headers to set, such as `Allow`. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.expose = status < 500;
  }
}

/** 400: the body is not valid JSON, or the request is malformed. */
export class BadRequestError extends HttpError {
  override name = 'BadRequestError';
  constructor(message: string) {
    super(400, message);
  }
}

/** 404: no route has this path. */
export class NotFoundError extends HttpError {
  override name = 'NotFoundError';
  constructor(message = 'Not found') {
    super(404, message);
  }
}

/** 405: the path exists, the method does not. */
export class MethodNotAllowedError extends HttpError {
  override name = 'MethodNotAllowedError';
  constructor(allowed: readonly string[]) {
    super(405, `Method not allowed; use ${allowed.join(', ')}`, { Allow: allowed.join(', ') });
  }
}

/** 415: the body is not JSON, or not in an encoding we read. */
export class UnsupportedMediaTypeError extends HttpError {
  override name = 'UnsupportedMediaTypeError';
  constructor(message: string) {
    super(415, message);
  }
}

/** 422: well-formed JSON that breaks the schema, or a bad query parameter. */
export class ValidationError extends HttpError {
  override name = 'ValidationError';
  constructor(message: string) {
    super(422, message);
  }
}

/** 503: the feature is switched off by configuration. */
export class ServiceUnavailableError extends HttpError {
  override name = 'ServiceUnavailableError';
  constructor(message: string) {
    super(503, message);
    // A 503 for a disabled feature is configuration, not a secret: show it.
    (this as { expose: boolean }).expose = true;
  }
}

/**
 * 502, 503 or 504: the metrics engine the dashboard answers from failed.
 * The message says what to check (never a credential) and is shown, with
 * the engine error's stable `code`.
 */
export class UpstreamError extends HttpError {
  override name = 'UpstreamError';
  constructor(
    status: number,
    message: string,
    /** The stable code, such as `engine_unreachable`. */
    readonly code: string,
  ) {
    super(status, message);
    (this as { expose: boolean }).expose = true;
  }
}
